using System.Net;
using XHostNet.Linux;

namespace XHostNet.Persistence
{
    /// <summary>A static route through the bridge to persist with it: a destination network, through a gateway or directly on the bridge.</summary>
    public sealed class BridgeConfigRoute
    {
        public BridgeConfigRoute(InterfaceAddress destination, IPAddress? gateway)
        {
            Destination = destination;
            Gateway = gateway;
        }

        public InterfaceAddress Destination { get; }
        /// <summary>The next hop; null for a route straight onto the bridge's link.</summary>
        public IPAddress? Gateway { get; }

        public override string ToString() => Gateway is null ? Destination.ToString() : $"{Destination} via {Gateway}";
    }
}
