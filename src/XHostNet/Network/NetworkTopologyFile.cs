using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using XHostNet.Execution;
using XHostNet.Linux;
using XHostNet.Sessions;

namespace XHostNet.Network
{
    /// <summary>
    /// A network described in a data file (.psd1, read into plain tables, lists and values by the PowerShell layer): the mode, the network,
    /// and the hosts — by session name, network namespace, this machine or SSH — with per-host overrides. Every key is
    /// checked, so a misspelt one is an error rather than a silent default.
    /// </summary>
    public sealed class NetworkTopologyFile
    {
        private static readonly string[] TopKeys = { "Name", "Mode", "ContainerNetwork", "SubnetPrefixLength", "Mtu", "RecordDirectory", "Docker", "ConfirmTimeout", "Persist", "PersistFormat", "PersistRoot", "Force", "SubnetStore", "EtcdPrefix", "SubnetFile", "Hosts" };
        private static readonly string[] HostKeys =
        {
            "Session", "NetworkNamespace", "Local", "HostName", "Port", "UserName", "KeyFile", "HostKeyFingerprint", "KnownHostsFile", "OvsDatabase", "DockerHost", "DockerRestartCommand",
            "UnderlayAddress", "UnderlayInterface", "Subnet",
        };

        public NetworkSpec Spec { get; private set; } = new NetworkSpec();
        public IReadOnlyList<NetworkTopologyEntry> Hosts { get; private set; } = Array.Empty<NetworkTopologyEntry>();

        public static NetworkTopologyFile Parse(IDictionary table, string path)
        {
            Unknown(table, TopKeys, path, "");
            var spec = new NetworkSpec
            {
                Name = Text(table, "Name", path, "") ?? NetworkSpec.DefaultName,
                Mode = Enum.TryParse<NetworkMode>(Text(table, "Mode", path, "") ?? "", true, out var mode) && Enum.IsDefined(typeof(NetworkMode), mode)
                    ? mode : throw Invalid(path, $"Mode must be one of {string.Join(", ", Enum.GetNames(typeof(NetworkMode)))}"),
                ContainerNetwork = Prefix(table, "ContainerNetwork", path, "")!,
                SubnetPrefixLength = Number(table, "SubnetPrefixLength", path, "", 1, 30),
                Mtu = Number(table, "Mtu", path, "", 576, 65535),
                RecordDirectory = Text(table, "RecordDirectory", path, ""),
                Docker = Value(table, "Docker") is bool docker && docker,
                ConfirmTimeout = TimeSpan.FromSeconds(Number(table, "ConfirmTimeout", path, "", NetworkSpec.MinConfirmTimeoutSeconds, NetworkSpec.MaxConfirmTimeoutSeconds)
                                                      ?? NetworkSpec.DefaultConfirmTimeoutSeconds),
            };
            if (!System.Text.RegularExpressions.Regex.IsMatch(spec.Name, @"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}\z"))
                throw Invalid(path, $"Name '{spec.Name}' must be 1 to 64 letters, digits, '_', '.' or '-'");
            if (spec.RecordDirectory != null && !spec.RecordDirectory.StartsWith("/", StringComparison.Ordinal))
                throw Invalid(path, "RecordDirectory must be an absolute path on the hosts");
            spec.Persist = Persist(table, path);
            spec.SubnetStore = Store(table, path);
            spec.SubnetFile = Text(table, "SubnetFile", path, "") ?? spec.SubnetFile;
            if (spec.ContainerNetwork is null && spec.SubnetStore is null)
                throw Invalid(path, "ContainerNetwork (a network in CIDR form) or SubnetStore (etcd's client URLs) is required");
            if (!(table["Hosts"] is IEnumerable hosts) || hosts is string) throw Invalid(path, "Hosts is required: a list of tables, one per host");
            var entries = new List<NetworkTopologyEntry>();
            var i = 0;
            foreach (var item in hosts)
            {
                var label = $"Hosts[{i++}]";
                if (!(item is IDictionary host)) throw Invalid(path, $"{label} is not a table");
                entries.Add(ParseHost(host, path, label));
            }
            if (entries.Count == 0) throw Invalid(path, "Hosts lists no host");
            return new NetworkTopologyFile { Spec = spec, Hosts = entries };
        }

        /// <summary>
        /// SubnetStore (etcd's client URLs, a string or a list) with EtcdPrefix and SubnetFile, as the parameters of the same
        /// names; TLS files are the operator's and given as parameters. The others only with SubnetStore.
        /// </summary>
        private static Leases.EtcdSettings? Store(IDictionary table, string path)
        {
            var endpoints = Value(table, "SubnetStore") is null ? null : Texts(table, "SubnetStore", path, "");
            var prefix = Text(table, "EtcdPrefix", path, "");
            var file = Text(table, "SubnetFile", path, "");
            if (endpoints is null) return prefix is null && file is null ? null : throw Invalid(path, "EtcdPrefix and SubnetFile go with SubnetStore");
            if (prefix != null && !System.Text.RegularExpressions.Regex.IsMatch(prefix, @"^/[^\s\p{Cc}]*\z")) throw Invalid(path, "EtcdPrefix must be an absolute key prefix");
            if (file != null && !System.Text.RegularExpressions.Regex.IsMatch(file, @"^/[^\s\p{Cc}]+\z")) throw Invalid(path, "SubnetFile must be an absolute path on the hosts");
            IReadOnlyList<Uri> parsed;
            try
            {
                parsed = Leases.EtcdSettings.ParseEndpoints(endpoints);
            }
            catch (XHostException ex)
            {
                throw Invalid(path, "SubnetStore: " + ex.Message.TrimEnd('.'));
            }
            return new Leases.EtcdSettings { Endpoints = parsed, Prefix = prefix ?? Leases.EtcdSettings.DefaultPrefix };
        }

        /// <summary>Persist = $true with PersistFormat, PersistRoot and Force, as the parameters of the same names; the others only with Persist.</summary>
        private static NetworkPersist? Persist(IDictionary table, string path)
        {
            var format = Text(table, "PersistFormat", path, "");
            var root = Text(table, "PersistRoot", path, "");
            var force = Value(table, "Force") is bool f && f;
            if (!(Value(table, "Persist") is bool persist && persist))
                return format is null && root is null && !force ? null : throw Invalid(path, "PersistFormat, PersistRoot and Force go with Persist = $true");
            if (root != null && !System.Text.RegularExpressions.Regex.IsMatch(root, @"^/[^\s\p{Cc}]*\z")) throw Invalid(path, "PersistRoot must be an absolute path on the hosts");
            return new NetworkPersist
            {
                Format = format is null ? (Persistence.BridgeConfigFormat?)null
                    : Enum.TryParse<Persistence.BridgeConfigFormat>(format, true, out var f2) && Enum.IsDefined(typeof(Persistence.BridgeConfigFormat), f2) ? f2
                    : throw Invalid(path, $"PersistFormat must be one of {string.Join(", ", Enum.GetNames(typeof(Persistence.BridgeConfigFormat)))}"),
                Root = root ?? NetworkPersist.DefaultRoot,
                Force = force,
            };
        }

        private static NetworkTopologyEntry ParseHost(IDictionary host, string path, string label)
        {
            Unknown(host, HostKeys, path, label + ".");
            var entry = new NetworkTopologyEntry
            {
                Label = label,
                Session = Text(host, "Session", path, label),
                NetworkNamespace = Text(host, "NetworkNamespace", path, label),
                Local = Value(host, "Local") is bool local && local,
                OvsDatabase = Text(host, "OvsDatabase", path, label),
                DockerHost = Text(host, "DockerHost", path, label),
                DockerRestartCommand = Value(host, "DockerRestartCommand") is null ? null : Texts(host, "DockerRestartCommand", path, label),
            };
            var hostName = Text(host, "HostName", path, label);
            if (hostName != null)
            {
                var fingerprint = Text(host, "HostKeyFingerprint", path, label);
                if (fingerprint != null && !HostKeyPin.IsWellFormed(fingerprint))
                    throw Invalid(path, $"{label}.HostKeyFingerprint is not a SHA256 fingerprint as 'ssh-keygen -lf' prints it");
                entry.Ssh = new SshConnectionSettings
                {
                    HostName = hostName, Port = Number(host, "Port", path, label, 1, 65535) ?? 22, UserName = Text(host, "UserName", path, label) ?? "root",
                    KeyFiles = Texts(host, "KeyFile", path, label), HostKeyFingerprint = fingerprint,
                    KnownHostsFile = Text(host, "KnownHostsFile", path, label) ?? KnownHosts.DefaultPath,
                };
            }
            var ways = new[] { entry.Session != null, entry.NetworkNamespace != null, entry.Local, entry.Ssh != null }.Count(w => w);
            if (ways != 1) throw Invalid(path, $"{label} must name its host one way: Session, NetworkNamespace, Local = $true, or HostName (SSH)");
            var underlay = Text(host, "UnderlayAddress", path, label);
            entry.Overrides = new NetworkHostSpec
            {
                UnderlayAddress = underlay is null ? null : InterfaceAddress.TryParseAddress(underlay, out var a, out _) ? a : throw Invalid(path, $"{label}.UnderlayAddress '{underlay}' is not an address"),
                UnderlayInterface = Text(host, "UnderlayInterface", path, label),
                Subnet = Prefix(host, "Subnet", path, label),
            };
            return entry;
        }

        /// <summary>Opens the file's hosts' sessions at once; a session named in the file is taken from <paramref name="registered"/>.</summary>
        public async Task<IReadOnlyList<Outcome<NetworkTopologyEntry, XHostSession>>> OpenAsync(IReadOnlyList<XHostSession> registered, CancellationToken ct) =>
            await Concurrently.RunEachAsync(Hosts, async (entry, c) =>
            {
                XHostSession session;
                if (entry.Session != null)
                    return registered.FirstOrDefault(s => s.SessionName == entry.Session) ?? throw new XHostException(XHostErrorKind.NotFound, ErrorIds.SessionNotFound,
                        $"{entry.Label} names session '{entry.Session}', which this PowerShell session does not have (see Get-XHostSession).");
                if (entry.NetworkNamespace != null) session = XHostSession.ForNetworkNamespace(entry.NetworkNamespace);
                else if (entry.Local) session = new XHostSession();
                else session = await XHostSession.ConnectSshAsync(entry.Ssh!, c).ConfigureAwait(false);
                session.OvsDatabase = entry.OvsDatabase ?? session.OvsDatabase;
                session.DockerHost = entry.DockerHost ?? session.DockerHost;
                session.DockerRestartCommand = entry.DockerRestartCommand ?? session.DockerRestartCommand;
                return session;
            }, ct).ConfigureAwait(false);

        private static void Unknown(IDictionary table, string[] known, string path, string prefix)
        {
            var unknown = table.Keys.Cast<object>().Select(k => k.ToString()!).Where(k => !known.Contains(k, StringComparer.OrdinalIgnoreCase)).ToList();
            if (unknown.Count > 0) throw Invalid(path, $"{prefix}{unknown[0]} is not a setting XHostNet knows (known: {string.Join(", ", known)})");
        }

        private static object? Value(IDictionary table, string key) =>
            table.Keys.Cast<object>().FirstOrDefault(k => string.Equals(k.ToString(), key, StringComparison.OrdinalIgnoreCase)) is { } found ? table[found] : null;

        private static string? Text(IDictionary table, string key, string path, string label) => Value(table, key) switch
        {
            null => null,
            string s when s.Length > 0 => s,
            _ => throw Invalid(path, $"{label}{(label.Length > 0 ? "." : "")}{key} must be a non-empty string"),
        };

        private static List<string> Texts(IDictionary table, string key, string path, string label) => Value(table, key) switch
        {
            null => new List<string>(),
            string s => new List<string> { s },
            IEnumerable e => e.Cast<object?>().Select(x => x as string ?? throw Invalid(path, $"{label}.{key} must be strings")).ToList(),
            _ => throw Invalid(path, $"{label}.{key} must be a string or a list of strings"),
        };

        private static int? Number(IDictionary table, string key, string path, string label, int min, int max)
        {
            var value = Value(table, key);
            if (value is null) return null;
            var n = value is int i ? i : value is string s && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : (int?)null;
            if (n is int ok && ok >= min && ok <= max) return ok;
            throw Invalid(path, $"{label}{(label.Length > 0 ? "." : "")}{key} must be a whole number from {min} to {max}");
        }

        private static InterfaceAddress? Prefix(IDictionary table, string key, string path, string label)
        {
            var text = Text(table, key, path, label);
            if (text is null) return null;
            if (InterfaceAddress.TryParse(text, out var prefix, out var error) && prefix!.IsNetwork) return prefix;
            throw Invalid(path, $"{label}{(label.Length > 0 ? "." : "")}{key} '{text}' is not a network in CIDR form{(prefix != null ? $" (did you mean {prefix.Network}?)" : ": " + error)}");
        }

        private static XHostException Invalid(string path, string why) =>
            new XHostException(XHostErrorKind.InvalidArgument, ErrorIds.NetworkTopologyInvalid, $"The topology file {path}: {why}. Nothing was changed.");
    }
}
