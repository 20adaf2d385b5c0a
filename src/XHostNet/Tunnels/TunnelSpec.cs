using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using XHostNet.Linux;
using XHostNet.Ovs;
using XHostNet.Planning;
using XHostNet.Sessions;

namespace XHostNet.Tunnels
{
    /// <summary>What Add-GreTunnel / Add-VxlanTunnel ask for.</summary>
    public sealed class TunnelSpec
    {
        public TunnelKind Kind { get; set; }
        public string Name { get; set; } = "";
        public string Bridge { get; set; } = "";
        public IPAddress RemoteAddress { get; set; } = IPAddress.None;
        public IPAddress? LocalAddress { get; set; }
        /// <summary>GRE only: the key, or null for none.</summary>
        public uint? Key { get; set; }
        /// <summary>VXLAN only.</summary>
        public int Vni { get; set; }
        public int Port { get; set; } = TunnelOverhead.VxlanDefaultPort;
        /// <summary>Kernel VXLAN only: the underlay device to bind to (ip link add … dev X).</summary>
        public string? UnderlayInterface { get; set; }
        /// <summary>
        /// Whether the tunnel must not forward to the bridge's other split-horizon tunnels (Open vSwitch port protected=true,
        /// Linux bridge port isolated on), so that a full mesh of tunnels on one bridge makes no loop. Not asked: left as it is.
        /// </summary>
        public bool SplitHorizon { get; set; }
    }
}
