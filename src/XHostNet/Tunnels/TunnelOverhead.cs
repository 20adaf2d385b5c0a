using System;
using XHostNet.Sessions;

namespace XHostNet.Tunnels
{
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
