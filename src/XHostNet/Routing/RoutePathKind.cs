using System;
using System.Collections.Generic;
using System.Linq;
using XHostNet.Planning;
using XHostNet.Sessions;

namespace XHostNet.Routing
{
    /// <summary>
    /// How traffic to a destination leaves a host: encapsulated through a tunnel, or as plain IP over the underlay
    /// (the host-gateway style, which only works when the hosts share one L2 segment), or delivered locally.
    /// </summary>
    public enum RoutePathKind { Tunnel, Underlay, Local }
}
