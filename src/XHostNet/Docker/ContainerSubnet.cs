using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Numerics;
using XHostNet.Linux;
using XHostNet.Planning;
using XHostNet.Sessions;

namespace XHostNet.Docker
{
    /// <summary>One host's share of a planned network; pipes into Set-DockerBridge by property name.</summary>
    public sealed class ContainerSubnet
    {
        /// <summary>The host's name as given, or its session's host label.</summary>
        public string HostName { get; set; } = "";
        public int Index { get; set; }
        public string Network { get; set; } = "";
        public string Subnet { get; set; } = "";
        /// <summary>Set for SubnetUse.FixedCidr: the slice dockerd hands container addresses from.</summary>
        public string? FixedCidr { get; set; }
        /// <summary>Set for SubnetUse.Bip: the bridge's address with the subnet's prefix (first address), as dockerd --bip takes it.</summary>
        public string? Bip { get; set; }
        public XHostSession? Session { get; set; }

        public override string ToString() => Subnet;
    }
}
