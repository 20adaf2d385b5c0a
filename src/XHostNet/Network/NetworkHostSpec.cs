using System.Net;
using XHostNet.Linux;
using XHostNet.Sessions;

namespace XHostNet.Network
{
    /// <summary>One host of a network as asked: its session, and what to use instead of what XHostNet would find or plan.</summary>
    public sealed class NetworkHostSpec
    {
        public XHostSession Session { get; set; } = null!;
        /// <summary>The address the peers reach this host at; null: found on the host (see <see cref="NetworkTopology"/>).</summary>
        public IPAddress? UnderlayAddress { get; set; }
        /// <summary>The interface holding the underlay address (SharedLan: the NIC br0 takes over); null: the one holding it.</summary>
        public string? UnderlayInterface { get; set; }
        /// <summary>This host's container subnet; null: planned from the network.</summary>
        public InterfaceAddress? Subnet { get; set; }
    }
}
