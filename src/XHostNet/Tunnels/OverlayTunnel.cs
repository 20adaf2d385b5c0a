using System;
using XHostNet.Sessions;

namespace XHostNet.Tunnels
{
    /// <summary>Where a tunnel lives: a port of an Open vSwitch bridge, or a kernel device (ip link type vxlan).</summary>
    public enum TunnelImplementation { OpenVSwitch, Kernel }

    /// <summary>What GRE and VXLAN tunnels share: endpoints, health, and the MTU the underlay leaves for the overlay.</summary>
    public abstract class OverlayTunnel
    {
        public string Name { get; set; } = "";
        /// <summary>The bridge the tunnel is a port of (an Open vSwitch bridge, or a Linux bridge for a kernel VXLAN).</summary>
        public string? Bridge { get; set; }
        public TunnelImplementation Implementation { get; set; }
        public string RemoteAddress { get; set; } = "";
        public string? LocalAddress { get; set; }
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

    /// <summary>A GRE tunnel (Ethernet over GRE) on an Open vSwitch bridge.</summary>
    public sealed class GreTunnel : OverlayTunnel
    {
        /// <summary>The GRE key (options:key), or null for none.</summary>
        public string? Key { get; set; }
    }

    /// <summary>A VXLAN tunnel: a port of an Open vSwitch bridge, or a kernel VXLAN device on a Linux bridge.</summary>
    public sealed class VxlanTunnel : OverlayTunnel
    {
        /// <summary>The VXLAN network identifier (VNI).</summary>
        public int Vni { get; set; }
        /// <summary>The UDP destination port (4789, the IANA port, unless set otherwise).</summary>
        public int Port { get; set; }
    }

    /// <summary>The header bytes each tunnel kind adds, which decide the overlay MTU.</summary>
    public static class TunnelOverhead
    {
        public const int VxlanDefaultPort = 4789;
        private const int InnerEthernet = 14;

        private static int OuterIp(bool ipv6Underlay) => ipv6Underlay ? 40 : 20;

        /// <summary>GRE: outer IP + 4-byte GRE header (+4 with a key) + the inner Ethernet header: 38 bytes over IPv4 without a key.</summary>
        public static int Gre(bool ipv6Underlay, bool hasKey) => OuterIp(ipv6Underlay) + 4 + (hasKey ? 4 : 0) + InnerEthernet;

        /// <summary>VXLAN: outer IP + UDP (8) + VXLAN (8) + the inner Ethernet header: 50 bytes over IPv4.</summary>
        public static int Vxlan(bool ipv6Underlay) => OuterIp(ipv6Underlay) + 8 + 8 + InnerEthernet;

        internal static bool IsIPv6(string address) => address.IndexOf(':') >= 0;
    }
}
