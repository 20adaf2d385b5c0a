using System;
using System.Collections.Generic;
using System.Linq;
using XHostNet.Planning;
using XHostNet.Sessions;

namespace XHostNet.Routing
{
    /// <summary>The answer to "which way does a packet to this address go" (ip route get), judged against the host's tunnels.</summary>
    public sealed class RoutePath
    {
        public string Destination { get; set; } = "";
        public RoutePathKind Path { get; set; }
        /// <summary>The device the kernel sends the packet out of.</summary>
        public string? Interface { get; set; }
        public string? Gateway { get; set; }
        public string? SourceAddress { get; set; }
        /// <summary>The tunnels that carry it (empty unless Path is Tunnel).</summary>
        public string[] Tunnels { get; set; } = Array.Empty<string>();
        /// <summary>The devices it passes, e.g. br0 → obr0 → gre0.</summary>
        public string Via { get; set; } = "";
        public string Host => Session?.Host ?? "local";
        public XHostSession? Session { get; set; }
    }
}
