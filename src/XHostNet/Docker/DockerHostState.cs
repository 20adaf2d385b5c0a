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
                if (net.TryGetProperty("IPAM", out var ipam) && ipam.ValueKind == JsonValueKind.Object && ipam.TryGetProperty("Config", out var config) && config.ValueKind == JsonValueKind.Array &&
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
}
