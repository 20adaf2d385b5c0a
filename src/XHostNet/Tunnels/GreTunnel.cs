using System;
using XHostNet.Sessions;

namespace XHostNet.Tunnels
{
    /// <summary>A GRE tunnel (Ethernet over GRE) on an Open vSwitch bridge.</summary>
    public sealed class GreTunnel : OverlayTunnel
    {
        /// <summary>The GRE key (options:key), or null for none.</summary>
        public string? Key { get; set; }
    }
}
