using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using XHostNet.Execution;
using XHostNet.Linux;
using XHostNet.Sessions;

namespace XHostNet.Docker
{
    /// <summary>A host's dockerd bridge settings: as configured (daemon.json, sysconfig OPTIONS, flags) and as the running engine has them.</summary>
    public sealed class DockerBridge
    {
        public string ConfigPath { get; set; } = "";
        /// <summary>Every bridge setting found, with where it was found.</summary>
        public DockerSetting[] Settings { get; set; } = Array.Empty<DockerSetting>();
        /// <summary>Configured values, from any source (null: dockerd's default).</summary>
        public string? Bridge { get; set; }
        public string? Bip { get; set; }
        public string? FixedCidr { get; set; }
        public int? Mtu { get; set; }
        public string[] DefaultAddressPools { get; set; } = Array.Empty<string>();
        /// <summary>Whether the engine answered at the session's Docker endpoint.</summary>
        public bool Running { get; set; }
        /// <summary>What the running engine's default bridge network uses (docker network inspect bridge).</summary>
        public string? EffectiveBridge { get; set; }
        public string? EffectiveSubnet { get; set; }
        public string? EffectiveIpRange { get; set; }
        public string? EffectiveGateway { get; set; }
        public int? EffectiveMtu { get; set; }
        /// <summary>Settings dockerd refuses to start with (one setting in two places; bridge with bip).</summary>
        public string[] Conflicts { get; set; } = Array.Empty<string>();
        /// <summary>Where the configuration and the running engine differ (a change not yet applied by a restart).</summary>
        public string[] Disagreements { get; set; } = Array.Empty<string>();
        public string Host => Session?.Host ?? "local";
        public XHostSession? Session { get; set; }

        public DockerSetting? Setting(string name) => Settings.FirstOrDefault(s => s.Name == name);
    }

    /// <summary>Everything read from a host about its dockerd in two round trips.</summary>
    public sealed class DockerHostState
    {
        public XHostSession Session { get; set; } = null!;
        public string ConfigPath { get; set; } = "";
        /// <summary>The config file's JSON (null when the file does not exist).</summary>
        public JsonObject? Config { get; set; }
        public bool ConfigExists { get; set; }
        public string? ConfigText { get; set; }
        /// <summary>The edited file is a sysconfig file (RHEL's /etc/sysconfig/docker): settings live as flags in its OPTIONS.</summary>
        public bool SysconfigFormat { get; set; }
        public IReadOnlyList<DockerSetting> FileSettings { get; set; } = Array.Empty<DockerSetting>();
        public IReadOnlyList<DockerSetting> FlagSettings { get; set; } = Array.Empty<DockerSetting>();
        public IReadOnlyList<IpLink> Links { get; set; } = Array.Empty<IpLink>();
        public JsonElement? BridgeNetwork { get; set; }
        /// <summary>Whether the engine answered (docker version); it may run without a default bridge network ("bridge": "none").</summary>
        public bool EngineRunning { get; set; }
        public bool Systemd { get; set; }
        public bool SysVService { get; set; }

        public DockerBridge ToBridge()
        {
            var settings = FileSettings.Concat(FlagSettings).ToList();
            string? Value(string name) => settings.LastOrDefault(s => s.Name == name)?.Value;
            var bridge = new DockerBridge
            {
                ConfigPath = ConfigPath,
                Settings = settings.ToArray(),
                Bridge = Value(DockerSettingNames.Bridge),
                Bip = Value(DockerSettingNames.Bip),
                FixedCidr = Value(DockerSettingNames.FixedCidr),
                Mtu = int.TryParse(Value(DockerSettingNames.Mtu), out var mtu) ? mtu : (int?)null,
                DefaultAddressPools = settings.Where(s => s.Name == DockerSettingNames.DefaultAddressPools).Select(s => s.Value).ToArray(),
                Running = EngineRunning,
                Session = Session,
            };
            if (BridgeNetwork is JsonElement net)
            {
                var options = net.TryGetProperty("Options", out var o) && o.ValueKind == JsonValueKind.Object ? o : default;
                bridge.EffectiveBridge = Option(options, "com.docker.network.bridge.name");
                bridge.EffectiveMtu = int.TryParse(Option(options, "com.docker.network.driver.mtu"), out var m) ? m : (int?)null;
                if (net.TryGetProperty("IPAM", out var ipam) && ipam.TryGetProperty("Config", out var config) && config.ValueKind == JsonValueKind.Array &&
                    config.GetArrayLength() > 0)
                {
                    var first = config[0];
                    bridge.EffectiveSubnet = Str(first, "Subnet");
                    bridge.EffectiveIpRange = Str(first, "IPRange");
                    bridge.EffectiveGateway = Str(first, "Gateway");
                }
            }
            bridge.Conflicts = DockerBridgeRules.Conflicts(settings).ToArray();
            bridge.Disagreements = DockerBridgeRules.Disagreements(bridge).ToArray();
            return bridge;
        }

        private static string? Option(JsonElement options, string name) => options.StringOrNull(name);

        // docker network inspect prints "" for an unset IPRange or Gateway.
        private static string? Str(JsonElement e, string name) => e.StringOrNull(name) is { Length: > 0 } value ? value : null;
    }

    /// <summary>What dockerd refuses, and how configuration and engine can disagree.</summary>
    public static class DockerBridgeRules
    {
        public static IEnumerable<string> Conflicts(IReadOnlyList<DockerSetting> settings)
        {
            foreach (var group in settings.GroupBy(s => s.Name))
            {
                if (group.Select(s => s.Source).Distinct().Count() > 1)
                    yield return $"'{group.Key}' is set in more than one place ({string.Join(", ", group.Select(s => $"{s.Value} in {s.Source}"))}); dockerd refuses to start.";
            }
            if (settings.Any(s => s.Name == DockerSettingNames.Bridge) && settings.Any(s => s.Name == DockerSettingNames.Bip))
                yield return "'bridge' and 'bip' are both set; dockerd refuses them together ('bip' configures docker0, 'bridge' names a bridge you manage).";
        }

        public static IEnumerable<string> Disagreements(DockerBridge b)
        {
            if (!b.Running) yield break;
            var bridge = b.Bridge ?? "docker0";
            if (bridge == "none")
            {
                if (b.EffectiveBridge != null) yield return $"configured bridge none, running engine uses {b.EffectiveBridge}";
                yield break;
            }
            if (b.EffectiveBridge is null)
            {
                yield return $"configured bridge {bridge}, running engine has no default bridge network";
                yield break;
            }
            if (b.EffectiveBridge != null && b.EffectiveBridge != bridge)
                yield return $"configured bridge {bridge}, running engine uses {b.EffectiveBridge}";
            if (b.FixedCidr != null && !SameNetwork(b.FixedCidr, b.EffectiveIpRange))
                yield return $"configured fixed-cidr {b.FixedCidr}, running engine hands out {b.EffectiveIpRange ?? "the whole subnet"}";
            if (b.Bip != null && InterfaceAddress.TryParse(b.Bip, out var bip, out _) &&
                (!SameNetwork(bip!.Network.ToString(), b.EffectiveSubnet) || b.EffectiveGateway != bip.Address.ToString()))
                yield return $"configured bip {b.Bip}, running engine uses {b.EffectiveGateway} in {b.EffectiveSubnet}";
            var mtu = b.Mtu ?? 1500;
            if (b.EffectiveMtu != null && b.EffectiveMtu != mtu)
                yield return $"configured mtu {mtu}, running engine uses {b.EffectiveMtu}";
        }

        public static bool SameNetwork(string? a, string? b) =>
            a != null && b != null && InterfaceAddress.TryParse(a, out var x, out _) && InterfaceAddress.TryParse(b, out var y, out _) &&
            x!.Network.Equals(y!.Network);
    }

    /// <summary>Reads a host's dockerd configuration, flags and running bridge network.</summary>
    public static class DockerBridgeReader
    {
        public const string DefaultConfigPath = "/etc/docker/daemon.json";
        public const string SysconfigPath = "/etc/sysconfig/docker";

        public static async System.Threading.Tasks.Task<DockerHostState> ReadAsync(XHostSession session, string? configPath, System.Threading.CancellationToken ct)
        {
            var path = configPath ?? DefaultConfigPath;
            var first = await session.RunBatchAsync(new[]
            {
                new[] { "cat", path },
                new[] { "cat", SysconfigPath },
                new[] { "systemctl", "show", "docker", "--property=ExecStart", "--value" },
                DockerCli.Command(session, "network", "inspect", "bridge"),
                new[] { "test", "-d", "/run/systemd/system" },
                new[] { "test", "-x", "/etc/init.d/docker" },
                IpJson.ShowLinksCommand,
                DockerCli.Command(session, "version", "--format", "{{.Server.Version}}"),
                new[] { "pgrep", "-a", "-x", "dockerd" },
            }, stopOnError: false, ct).ConfigureAwait(false);
            var r = first.Results;
            var state = new DockerHostState
            {
                Session = session, ConfigPath = path, Systemd = r[4].Succeeded, SysVService = r[5].Succeeded, EngineRunning = r[7].Succeeded,
            };
            if (!r[7].Succeeded && r[7].ExitCode == 127) throw DockerCli.Explain(r[7], session)!;
            state.Links = IpJson.ParseLinks(r[6].EnsureSuccess().StandardOutput);
            if (r[0].Succeeded)
            {
                state.ConfigExists = true;
                state.ConfigText = r[0].StandardOutput;
            }
            else if (!r[0].StandardError.Contains("No such file"))
            {
                throw new HostCommandException(r[0]);
            }
            state.SysconfigFormat = IsSysconfig(path, state.ConfigText);
            if (state.SysconfigFormat) state.FileSettings = SysconfigSettings(state.ConfigText ?? "", path + " OPTIONS");
            else if (state.ConfigExists)
            {
                state.Config = ParseConfig(state.ConfigText!, path, session);
                state.FileSettings = FileSettings(state.Config, path);
            }

            var flags = new List<DockerSetting>();
            if (r[1].Succeeded && path != SysconfigPath) flags.AddRange(SysconfigSettings(r[1].StandardOutput, SysconfigPath + " OPTIONS"));
            if (r[2].Succeeded && r[2].StandardOutput.Contains("argv[]="))
            {
                var argv = r[2].StandardOutput.Substring(r[2].StandardOutput.IndexOf("argv[]=", StringComparison.Ordinal) + 7);
                argv = argv.Substring(0, Math.Max(0, argv.IndexOf(';') >= 0 ? argv.IndexOf(';') : argv.Length));
                flags.AddRange(DockerFlags.Parse(DockerFlags.SplitWords(argv), "systemd ExecStart"));
            }
            if (r[3].Succeeded)
            {
                using var doc = JsonDocument.Parse(r[3].StandardOutput);
                if (doc.RootElement.ValueKind == JsonValueKind.Array && doc.RootElement.GetArrayLength() > 0) state.BridgeNetwork = doc.RootElement[0].Clone();
            }
            if (state.EngineRunning) flags.AddRange(await RunningDaemonSettingsAsync(state, r[8], flags, ct).ConfigureAwait(false));
            state.FlagSettings = flags;
            return state;
        }

        /// <summary>
        /// The settings of the running dockerd that serves the session's endpoint, from its command line (pgrep -a) and
        /// the --config-file it names when that is not the file being edited. With several dockerds on a machine, the
        /// one whose command line or config file names the endpoint's socket.
        /// </summary>
        private static async System.Threading.Tasks.Task<IReadOnlyList<DockerSetting>> RunningDaemonSettingsAsync(DockerHostState state,
            CommandResult pgrep, IReadOnlyList<DockerSetting> known, System.Threading.CancellationToken ct)
        {
            var session = state.Session;
            var daemons = pgrep.Succeeded
                ? pgrep.StandardOutput.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Select(l => DockerFlags.SplitWords(l).Skip(1).ToList())
                    .Where(w => w.Count > 0 && w[0].EndsWith("dockerd", StringComparison.Ordinal)).ToList()
                : new List<List<string>>();
            if (daemons.Count == 0) return Array.Empty<DockerSetting>();
            string? ConfigFileOf(List<string> w)
            {
                var i = w.FindIndex(a => a == "--config-file" || a.StartsWith("--config-file=", StringComparison.Ordinal));
                return i < 0 ? null : w[i].Contains("=") ? w[i].Substring(w[i].IndexOf('=') + 1) : i + 1 < w.Count ? w[i + 1] : null;
            }
            var configFiles = daemons.Select(ConfigFileOf).Where(f => f != null).Distinct().ToList();
            var texts = new Dictionary<string, string>();
            if (configFiles.Count > 0)
            {
                var reads = await session.RunBatchAsync(configFiles.Select(f => (IReadOnlyList<string>)new[] { "cat", f! }).ToList(), stopOnError: false, ct).ConfigureAwait(false);
                for (var i = 0; i < configFiles.Count; i++) if (reads.Results[i].Succeeded) texts[configFiles[i]!] = reads.Results[i].StandardOutput;
            }
            var socket = DockerCli.EndpointOf(session);
            var daemon = daemons.Count == 1 ? daemons[0] : daemons.FirstOrDefault(w =>
                w.Any(a => a.Contains(socket)) || ConfigFileOf(w) is string f && texts.TryGetValue(f, out var t) && t.Contains(socket));
            if (daemon is null) return Array.Empty<DockerSetting>();

            var found = new List<DockerSetting>();
            var file = ConfigFileOf(daemon) ?? DefaultConfigPath;
            if (file != state.ConfigPath && texts.TryGetValue(file, out var json))
            {
                try
                {
                    found.AddRange(FileSettings(ParseConfig(json, file, session), file));
                }
                catch (XHostException)
                {
                    // An unreadable file the engine started with is its own business; the edited file is what is checked.
                }
            }
            // Flags that only echo a sysconfig OPTIONS or ExecStart already read are the same settings, not another place.
            var echoed = state.SysconfigFormat ? state.FileSettings.Select(s => s.Name).ToList() : new List<string>();
            found.AddRange(DockerFlags.Parse(daemon.Skip(1), "dockerd command line")
                .Where(f => !echoed.Contains(f.Name) && !known.Any(x => x.Name == f.Name && x.Value == f.Value)));
            return found;
        }

        public static bool IsSysconfig(string path, string? text) =>
            !path.EndsWith(".json", StringComparison.Ordinal) &&
            (path.EndsWith("/sysconfig/docker", StringComparison.Ordinal) || text != null && SysconfigOptions(text) != null);

        public static JsonObject ParseConfig(string text, string path, XHostSession session)
        {
            try
            {
                if (string.IsNullOrWhiteSpace(text)) return new JsonObject();
                // Strict, as dockerd reads it: comments and trailing commas are errors there too.
                return JsonNode.Parse(text) as JsonObject ?? throw new JsonException("the top level is not an object");
            }
            catch (JsonException ex)
            {
                throw new XHostException(XHostErrorKind.InvalidArgument, "DockerConfigUnparsable",
                    $"{path} on host '{session.Host}' is not valid JSON ({ex.Message}); dockerd would not start with it either. XHostNet leaves it as it is: fix or remove it first.");
            }
        }

        public static IReadOnlyList<DockerSetting> FileSettings(JsonObject config, string path)
        {
            var found = new List<DockerSetting>();
            foreach (var name in DockerSettingNames.All)
            {
                if (!config.TryGetPropertyValue(name, out var node) || node is null) continue;
                if (name == DockerSettingNames.DefaultAddressPools && node is JsonArray pools)
                {
                    foreach (var pool in pools.OfType<JsonObject>())
                        found.Add(new DockerSetting(name, $"base={pool["base"]?.GetValue<string>()},size={pool["size"]}", path));
                }
                else
                {
                    found.Add(new DockerSetting(name, node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node.ToJsonString(), path));
                }
            }
            return found;
        }

        /// <summary>The bridge flags in /etc/sysconfig/docker's OPTIONS (RHEL style: OPTIONS='-b=br0 --fixed-cidr=172.16.32.64/26').</summary>
        public static IReadOnlyList<DockerSetting> SysconfigSettings(string text, string source)
        {
            var options = SysconfigOptions(text);
            return options is null ? Array.Empty<DockerSetting>() : DockerFlags.Parse(DockerFlags.SplitWords(options), source);
        }

        /// <summary>The file with its OPTIONS line rewritten to the given words (appended when it has none); other lines kept.</summary>
        public static string RewriteSysconfig(string text, IReadOnlyList<string> words)
        {
            var line = "OPTIONS=" + ShellQuoting.Quote(string.Join(" ", words));
            var lines = text.Length == 0 ? new List<string>() : text.TrimEnd('\n').Split('\n').ToList();
            var index = lines.FindIndex(l => l.Trim().StartsWith("OPTIONS=", StringComparison.Ordinal));
            if (index >= 0) lines[index] = line;
            else lines.Add(line);
            return string.Join("\n", lines) + "\n";
        }

        public static string? SysconfigOptions(string text)
        {
            foreach (var raw in text.Split('\n'))
            {
                var line = raw.Trim();
                if (!line.StartsWith("OPTIONS=", StringComparison.Ordinal)) continue;
                // The shell value of OPTIONS, which the service script word-splits again ($OPTIONS, unquoted).
                return string.Join(" ", DockerFlags.SplitWords(line.Substring("OPTIONS=".Length)));
            }
            return null;
        }
    }
}
