using System.Net;
using XHostNet.Linux;

namespace XHostNet.Network
{
    /// <summary>One host of a network once everything about it is decided: where its peers reach it and which subnet it has.</summary>
    public sealed class NetworkMember
    {
        public NetworkMember(NetworkHostRead read, IPAddress underlayAddress, string underlayInterface, InterfaceAddress underlayNetwork, int underlayMtu)
        {
            Read = read;
            UnderlayAddress = underlayAddress;
            UnderlayInterface = underlayInterface;
            UnderlayNetwork = underlayNetwork;
            UnderlayMtu = underlayMtu;
        }

        public NetworkHostRead Read { get; }
        public string Host => Read.Session.Host;
        public IPAddress UnderlayAddress { get; }
        public string UnderlayInterface { get; }
        /// <summary>The underlay address with its prefix, as the host has it.</summary>
        public InterfaceAddress UnderlayNetwork { get; }
        public int UnderlayMtu { get; }
        public InterfaceAddress Subnet { get; set; } = null!;
        /// <summary>The host's address on br0 in CIDR form: its subnet's first address (SharedLan: its LAN address).</summary>
        public InterfaceAddress BridgeAddress { get; set; } = null!;
        /// <summary>With a subnet store: the lease the subnet comes from (held already, or to be claimed).</summary>
        public NetworkLease? Lease { get; set; }

        public NetworkPeer ToPeer() => new NetworkPeer
        {
            Host = Host, UnderlayAddress = UnderlayAddress.ToString(), Subnet = Subnet.ToString(), BridgeAddress = BridgeAddress.Address.ToString(),
        };
    }
}
