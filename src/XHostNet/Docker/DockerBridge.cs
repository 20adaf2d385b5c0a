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
}
