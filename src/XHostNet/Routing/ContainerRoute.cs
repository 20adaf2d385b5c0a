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
        public int? Metric { get; set; }
        public string? Protocol { get; set; }
        /// <summary>Tunnel: encapsulated to the peer. Underlay: sent as plain IP to the gateway (host-gateway style).</summary>
        public RoutePathKind Path { get; set; }
        /// <summary>The devices the traffic passes, e.g. br0 → obr0 → gre0.</summary>
        public string Via { get; set; } = "";
        public string Host => Session?.Host ?? "local";
        public XHostSession? Session { get; set; }

        public override string ToString() => Destination;
    }
}
