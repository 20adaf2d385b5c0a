using System;
using System.Collections.Generic;
using System.Linq;
using XHostNet.Execution;
using XHostNet.Sessions;

namespace XHostNet.Ovs
{
    /// <summary>One row of the Interface table: where tunnels keep their type, options and the quiet failures (error, no ofport).</summary>
    public sealed class OvsInterfaceRow
    {
        public string Name { get; set; } = "";
        /// <summary>"" (system device), internal, gre, ip6gre, vxlan, geneve, patch …</summary>
        public string Type { get; set; } = "";
        public string Bridge { get; set; } = "";
        public string Port { get; set; } = "";
        /// <summary>Whether its port is protected: protected ports do not forward to each other (split horizon).</summary>
        public bool Protected { get; set; }
        public IReadOnlyDictionary<string, string> Options { get; set; } = new Dictionary<string, string>();
        public string? Error { get; set; }
        /// <summary>OpenFlow port number; null until ovs-vswitchd has set the interface up, -1 when it failed.</summary>
        public int? OfPort { get; set; }
        public string? LinkState { get; set; }
        public int? Mtu { get; set; }
        public IReadOnlyDictionary<string, string> Status { get; set; } = new Dictionary<string, string>();
        public IReadOnlyDictionary<string, string> Statistics { get; set; } = new Dictionary<string, string>();

        public bool IsTunnel => OvsState.TunnelTypes.Contains(Type);

        /// <summary>Why the interface does not work, or null when it does (ovs-vsctl exits 0 either way).</summary>
        public string? Failure =>
            !string.IsNullOrEmpty(Error) ? Error
            : OfPort is null || OfPort < 0 ? "ovs-vswitchd gave it no OpenFlow port (ofport is empty), so it carries no traffic"
            : null;
    }
}
