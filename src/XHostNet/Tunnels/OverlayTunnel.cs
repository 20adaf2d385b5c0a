using System;
using XHostNet.Sessions;

namespace XHostNet.Tunnels
{
    /// <summary>What GRE and VXLAN tunnels share: endpoints, health, and the MTU the underlay leaves for the overlay.</summary>
    public abstract class OverlayTunnel
    {
        public string Name { get; set; } = "";
        /// <summary>The bridge the tunnel is a port of (an Open vSwitch bridge, or a Linux bridge for a kernel VXLAN).</summary>
        public string? Bridge { get; set; }
        public TunnelImplementation Implementation { get; set; }
        public string RemoteAddress { get; set; } = "";
        public string? LocalAddress { get; set; }
        /// <summary>
        /// Whether the tunnel's bridge port keeps traffic from other split-horizon tunnels (Open vSwitch port protected,
        /// Linux bridge port isolated): a full mesh of such tunnels has no layer-2 loop.
        /// </summary>
        public bool SplitHorizon { get; set; }
        /// <summary>up or down, as Open vSwitch (link_state) or the kernel (operstate) reports it.</summary>
        public string State { get; set; } = "";
        /// <summary>Open vSwitch's OpenFlow port number; null for kernel tunnels and for OVS interfaces that failed.</summary>
        public int? OfPort { get; set; }
        /// <summary>Why the tunnel does not work (the OVS error column, or no ofport); null when it works.</summary>
        public string? Error { get; set; }
        /// <summary>The underlay device the encapsulated packets leave through.</summary>
        public string? EgressInterface { get; set; }
        public int? UnderlayMtu { get; set; }
        /// <summary>Bytes each packet grows by: the outer IP and tunnel headers plus the inner Ethernet header.</summary>
        public int Overhead { get; set; }
        /// <summary>The largest IP packet the overlay carries without fragmenting: UnderlayMtu − Overhead. Bridges and containers on it should not exceed it.</summary>
        public int? OverlayMtu => UnderlayMtu - Overhead;
        public long? TxPackets { get; set; }
        public long? RxPackets { get; set; }
        public string Host => Session?.Host ?? "local";
        public XHostSession? Session { get; set; }

        public override string ToString() => Name;
    }
}
