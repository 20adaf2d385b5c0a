using System.Net;
using XHostNet.Linux;

namespace XHostNet.Persistence
{
    /// <summary>A static route through the bridge to persist with it: a destination network, through a gateway or directly on the bridge.</summary>
    public sealed class BridgeConfigRoute
    {
        public BridgeConfigRoute(InterfaceAddress destination, IPAddress? gateway, bool onLink = false)
        {
            Destination = destination;
            Gateway = gateway;
            OnLink = onLink;
        }

        public InterfaceAddress Destination { get; }
        /// <summary>The next hop; null for a route straight onto the bridge's link.</summary>
        public IPAddress? Gateway { get; }
        /// <summary>
        /// The gateway is reached on the bridge's link though no address of the bridge covers it (a whole network's
        /// route to a peer's bridge address through a tunnel): without "onlink" the kernel refuses such a route at boot.
        /// </summary>
        public bool OnLink { get; }

        /// <summary>The route as ip-route(8) arguments after "ip route add", through <paramref name="bridge"/>.</summary>
        public string IpArguments(string bridge) =>
            (Gateway is null ? $"{Destination} dev {bridge}" : $"{Destination} via {Gateway} dev {bridge}") + (OnLink && Gateway != null ? " onlink" : "");

        public override string ToString() => (Gateway is null ? Destination.ToString() : $"{Destination} via {Gateway}") + (OnLink && Gateway != null ? " onlink" : "");
    }
}
