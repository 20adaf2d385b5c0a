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
    /// <summary>Which dockerd option a planned subnet feeds.</summary>
    public enum SubnetUse
    {
        /// <summary>--fixed-cidr: a slice of a LAN the hosts share, handed out on a bridge that carries the host's own address.</summary>
        FixedCidr,
        /// <summary>--bip: a subnet of its own per host (the flannel way); the bridge takes the subnet's first address.</summary>
        Bip,
    }
}
