using System;
using XHostNet.Sessions;

namespace XHostNet.Tunnels
{
    /// <summary>A VXLAN tunnel: a port of an Open vSwitch bridge, or a kernel VXLAN device on a Linux bridge.</summary>
    public sealed class VxlanTunnel : OverlayTunnel
    {
        /// <summary>The VXLAN network identifier (VNI).</summary>
        public int Vni { get; set; }
        /// <summary>The UDP destination port (4789, the IANA port, unless set otherwise).</summary>
        public int Port { get; set; }
    }
}
