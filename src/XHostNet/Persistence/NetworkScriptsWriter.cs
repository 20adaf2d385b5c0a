using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace XHostNet.Persistence
{
    /// <summary>
    /// RHEL network-scripts: ifcfg-BRIDGE (TYPE=Bridge with the addresses and gateway), route-BRIDGE / route6-BRIDGE for
    /// static routes, and each port's ifcfg-PORT with BRIDGE=BRIDGE, keeping the port's other keys (its HWADDR, UUID, NAME…)
    /// and dropping the addresses and gateway that are the bridge's now.
    /// </summary>
    public sealed class NetworkScriptsWriter : IBridgeConfigWriter
    {
        // A port carries no address of its own: these keys move to the bridge or no longer apply (MTU only when the bridge sets one).
        private static readonly Regex PortDrops = new Regex(
            @"^\s*(IPADDR[0-9]*|PREFIX[0-9]*|NETMASK[0-9]*|GATEWAY[0-9]*|IPV6INIT|IPV6ADDR|IPV6ADDR_SECONDARIES|IPV6_DEFAULTGW|IPV6_AUTOCONF|BOOTPROTO|BRIDGE|ONBOOT|DEFROUTE)=",
            RegexOptions.CultureInvariant);
        private static readonly Regex MtuKey = new Regex(@"^\s*MTU=", RegexOptions.CultureInvariant);
        private static readonly Regex DeviceKey = new Regex(@"^\s*DEVICE=['""]?([^'""\s]*)", RegexOptions.CultureInvariant);
        // Names network-scripts and NetworkManager's ifcfg-rh skip: backups (XHostNet's end in .bak) and package leftovers.
        private static readonly Regex Skipped = new Regex(@"(\.bak|\.orig|\.rpmnew|\.rpmsave|\.rpmorig|\.augnew|\.augtmp|~)$", RegexOptions.CultureInvariant);
        private static readonly Regex BridgeKey = new Regex(@"^\s*BRIDGE=['""]?([^'""\s]*)", RegexOptions.CultureInvariant);

        public IReadOnlyList<FileEdit> Save(BridgeConfigState state, BridgeConfigSpec spec, bool force, DateTime now, ICollection<string> warnings)
        {
            var dir = state.PathOf(BridgeConfigPaths.NetworkScripts);
            var edits = new List<FileEdit> { OwnedFiles.Write(state, $"{dir}/ifcfg-{spec.Bridge}", "Bridge", spec.Bridge, BridgeFile(spec), force, now) };
            var v4 = spec.Routes.Where(r => !r.Destination.IsIPv6).ToList();
            var v6 = spec.Routes.Where(r => r.Destination.IsIPv6).ToList();
            if (v4.Count > 0) edits.Add(OwnedFiles.Write(state, $"{dir}/route-{spec.Bridge}", "Routes", spec.Bridge, RouteFile(v4, spec.Bridge), force, now));
            if (v6.Count > 0) edits.Add(OwnedFiles.Write(state, $"{dir}/route6-{spec.Bridge}", "Routes", spec.Bridge, RouteFile(v6, spec.Bridge), force, now));
            edits.AddRange(spec.Ports.Select(port => PortEdit(state, PortPath(state, dir, port), port, spec, force, now)));
            return edits;
        }

        /// <summary>
        /// The file that configures a port: ifcfg-PORT, else the one whose DEVICE= names it (NetworkManager names its
        /// files after the connection, "ifcfg-Wired_connection_1"), so the port never gets a second, competing file.
        /// </summary>
        public static string PortPath(BridgeConfigState state, string directory, string port)
        {
            var named = $"{directory}/ifcfg-{port}";
            if (state.Exists(named)) return named;
            return state.Files.Where(f => f.Value != null && f.Key.StartsWith(directory + "/ifcfg-", StringComparison.Ordinal) && !Skipped.IsMatch(f.Key) &&
                                          Device(f.Value!) == port)
                .Select(f => f.Key).OrderBy(k => k, StringComparer.Ordinal).FirstOrDefault() ?? named;
        }

        /// <summary>The DEVICE= of an ifcfg file's content, or null.</summary>
        public static string? Device(string content) =>
            content.Split('\n').Select(l => DeviceKey.Match(l)).FirstOrDefault(m => m.Success)?.Groups[1].Value;

        /// <summary>The bridge's ifcfg file after the header, as the RHEL networking guide shows one.</summary>
        public static string BridgeFile(BridgeConfigSpec spec)
        {
            var s = new StringBuilder();
            s.Append($"DEVICE={spec.Bridge}\nTYPE=Bridge\nBOOTPROTO=none\nONBOOT=yes\n");
            var i = 0;
            foreach (var a in spec.IPv4)
            {
                var n = i == 0 ? "" : i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                s.Append($"IPADDR{n}={a.Address}\nPREFIX{n}={a.PrefixLength}\n");
                i++;
            }
            if (spec.Gateway != null) s.Append($"GATEWAY={spec.Gateway}\n");
            var v6 = spec.IPv6.ToList();
            if (v6.Count > 0)
            {
                s.Append($"IPV6INIT=yes\nIPV6ADDR={v6[0]}\n");
                if (v6.Count > 1) s.Append($"IPV6ADDR_SECONDARIES=\"{string.Join(" ", v6.Skip(1))}\"\n");
            }
            if (spec.Gateway6 != null) s.Append($"IPV6_DEFAULTGW={spec.Gateway6}\n");
            if (spec.Mtu is int mtu) s.Append($"MTU={mtu}\n");
            // No forwarding delay and no STP: the bridge forwards as soon as it is up, as the ip-made one did.
            s.Append("DELAY=0\nSTP=off\n");
            return s.ToString();
        }

        /// <summary>route-BRIDGE in the ip-command format: one "DEST [via GW] dev BRIDGE [onlink]" a line.</summary>
        public static string RouteFile(IEnumerable<BridgeConfigRoute> routes, string bridge) =>
            string.Concat(routes.Select(r => r.IpArguments(bridge) + "\n"));

        private static FileEdit PortEdit(BridgeConfigState state, string path, string port, BridgeConfigSpec spec, bool force, DateTime now)
        {
            var current = state.Text(path);
            var header = current is null ? null : ConfigMarker.ReadFileHeader(current);
            if (header != null && header.Value.Bridge != spec.Bridge) throw OwnedFiles.OtherBridge(state, path, header.Value.Bridge, spec.Bridge);
            string? backup = null;
            string? keptName = header?.BackupName;
            string? original;
            if (header != null)
            {
                // Ours already: rebuilt from the port's own file as it was before XHostNet (its backup), so a key this
                // file dropped for an earlier spec (an MTU) comes back when the spec no longer sets it.
                original = keptName != null && state.Files.TryGetValue(OwnedFiles.Sibling(path, keptName), out var kept) && kept != null
                    ? kept
                    : WithoutHeader(current!);
            }
            else
            {
                original = current;
                if (current != null)
                {
                    var other = current.Split('\n').Select(l => BridgeKey.Match(l)).FirstOrDefault(m => m.Success)?.Groups[1].Value;
                    if (!string.IsNullOrEmpty(other) && other != spec.Bridge && !force)
                    {
                        throw new XHostException(XHostErrorKind.Conflict, ErrorIds.BridgeConfigFileExists,
                            $"{path} on host '{state.Session.Host}' makes {port} a port of bridge {other} at boot; use -Force to make it a port of {spec.Bridge} instead. Nothing was changed.");
                    }
                    backup = OwnedFiles.BackupName(path, now);
                    keptName = BridgeConfigPaths.FileName(backup);
                }
            }
            var body = PortFile(original ?? $"DEVICE={port}\n", spec);
            return new FileEdit(path, "Port " + port, current, ConfigMarker.FileHeader(spec.Bridge, keptName) + body)
            {
                Backup = backup,
                KeptBackup = keptName is null ? null : OwnedFiles.Sibling(path, keptName),
            };
        }

        /// <summary>A port's existing ifcfg file made a bridge port: its other lines kept as they are, the moved keys dropped, BRIDGE added.</summary>
        public static string PortFile(string original, BridgeConfigSpec spec)
        {
            var kept = original.Replace("\r\n", "\n").Split('\n').Where(l => !PortDrops.IsMatch(l) && !(spec.Mtu != null && MtuKey.IsMatch(l))).ToList();
            while (kept.Count > 0 && kept[kept.Count - 1].Length == 0) kept.RemoveAt(kept.Count - 1);
            var s = new StringBuilder();
            foreach (var line in kept) s.Append(line).Append('\n');
            s.Append($"ONBOOT=yes\nBOOTPROTO=none\nBRIDGE={spec.Bridge}\n");
            if (spec.Mtu is int mtu) s.Append($"MTU={mtu}\n");
            return s.ToString();
        }

        private static string WithoutHeader(string content) =>
            string.Join("\n", content.Split('\n').SkipWhile(l => l.StartsWith("# XHostNet: ", StringComparison.Ordinal)));
    }
}
