using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json;
using XHostNet.Execution;

namespace XHostNet.Linux
{
    /// <summary>One network interface as <c>ip -j -d address show</c> reports it.</summary>
    public sealed class IpLink
    {
        public int Index { get; set; }
        public string Name { get; set; } = "";
        /// <summary>linkinfo.info_kind: bridge, veth, vxlan, openvswitch, tun …; empty for a plain NIC.</summary>
        public string Kind { get; set; } = "";
        public string? Master { get; set; }
        public int Mtu { get; set; }
        public string MacAddress { get; set; } = "";
        public string OperState { get; set; } = "";
        /// <summary>The UP flag: what `ip link set up` sets, independent of carrier.</summary>
        public bool AdminUp { get; set; }
        public bool? StpEnabled { get; set; }
        /// <summary>As a Linux bridge's port: whether it is isolated (forwards only to non-isolated ports); null when not a bridge port.</summary>
        public bool? Isolated { get; set; }
        public IReadOnlyList<IpAddressEntry> Addresses { get; set; } = Array.Empty<IpAddressEntry>();
        /// <summary>The VXLAN settings of a vxlan link; null for other kinds.</summary>
        public VxlanInfo? Vxlan { get; set; }
        public long? TxPackets { get; set; }
        public long? RxPackets { get; set; }
        /// <summary>The ifindex of a veth's peer (iflink), in whichever namespace it is.</summary>
        public int? PeerIndex { get; set; }
        /// <summary>The id of the namespace a veth's peer lives in (link_netnsid), as this namespace numbers it; null when the peer is in the same one.</summary>
        public int? PeerNamespaceId { get; set; }
    }
}
