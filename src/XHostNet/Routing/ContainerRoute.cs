using XHostNet.Sessions;

namespace XHostNet.Routing
{
    /// <summary>A route to a container subnet on another host, and the path it makes its traffic take.</summary>
    public sealed class ContainerRoute
    {
        public string Destination { get; set; } = "";
        public string? Gateway { get; set; }
        public string? Interface { get; set; }
        public bool OnLink { get; set; }
        public uint? Metric { get; set; }
        public string? Protocol { get; set; }
        /// <summary>
        /// Tunnel: encapsulated to the peer (the device leads into a tunnel). Underlay: sent as plain IP, not through a
        /// tunnel (host-gateway style when the gateway is the peer host). Judged from the route's device; Find-ContainerRoute
        /// also follows the next hop's MAC address to the bridge port it was learned on.
        /// </summary>
        public RoutePathKind Path { get; set; }
        /// <summary>The devices the traffic passes, e.g. br0 → obr0 → gre0.</summary>
        public string Via { get; set; } = "";
        public string Host => Session?.Host ?? "local";
        public XHostSession? Session { get; set; }

        public override string ToString() => Destination;
    }
}
