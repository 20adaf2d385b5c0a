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

        private static string? Option(JsonElement options, string name) =>
            options.ValueKind == JsonValueKind.Object && options.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        private static string? Str(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString()!.Length > 0 ? v.GetString() : null;
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
                state.Config = ParseConfig(r[0].StandardOutput, path, session);
                state.FileSettings = FileSettings(state.Config, path);
            }
            else if (!r[0].StandardError.Contains("No such file"))
            {
                throw new HostCommandException(r[0]);
            }
            var flags = new List<DockerSetting>();
            if (r[1].Succeeded) flags.AddRange(SysconfigSettings(r[1].StandardOutput));
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

            // The running dockerd's own command line, found through its pid file: flags set by hand or by a wrapper.
            var pidFile = (state.Config?["pidfile"] as JsonValue)?.TryGetValue<string>(out var p) == true ? p : "/var/run/docker.pid";
            var cmdline = await session.RunAsync(new[] { "sh", "-c", "tr '\\000' '\\n' < \"/proc/$(cat \"$1\")/cmdline\"", "sh", pidFile }, ct).ConfigureAwait(false);
            if (cmdline.Succeeded && state.EngineRunning)
            {
                var words = cmdline.StandardOutput.Split('\n').Where(w => w.Length > 0).ToList();
                if (words.Count > 0 && words[0].EndsWith("dockerd", StringComparison.Ordinal))
                    flags.AddRange(DockerFlags.Parse(words.Skip(1), "dockerd command line").Where(f => !flags.Any(x => x.Name == f.Name && x.Value == f.Value)));
            }
            state.FlagSettings = flags;
            return state;
        }

        public static JsonObject ParseConfig(string text, string path, XHostSession session)
        {
            try
            {
                if (string.IsNullOrWhiteSpace(text)) return new JsonObject();
                return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip }) as JsonObject
                       ?? throw new JsonException("the top level is not an object");
            }
            catch (JsonException ex)
            {
                throw new XHostException(XHostErrorKind.InvalidArgument, "DockerConfigUnparsable",
                    $"{path} on host '{session.Host}' is not valid JSON ({ex.Message}); dockerd would not start with it either. Nothing was changed: fix or remove it first.");
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
        public static IReadOnlyList<DockerSetting> SysconfigSettings(string text)
        {
            var options = SysconfigOptions(text);
            return options is null ? Array.Empty<DockerSetting>() : DockerFlags.Parse(DockerFlags.SplitWords(options), SysconfigPath + " OPTIONS");
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
