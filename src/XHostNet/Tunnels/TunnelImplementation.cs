using System;
using XHostNet.Sessions;

namespace XHostNet.Tunnels
{
    /// <summary>Where a tunnel lives: a port of an Open vSwitch bridge, or a kernel device (ip link type vxlan).</summary>
    public enum TunnelImplementation { OpenVSwitch, Kernel }
}
