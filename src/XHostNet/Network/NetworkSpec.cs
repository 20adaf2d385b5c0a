using System.Collections.Generic;
using XHostNet.Linux;

namespace XHostNet.Network
{
    /// <summary>What Connect-XHostNetwork asks for: one network across hosts.</summary>
    public sealed class NetworkSpec
    {
        public const string DefaultName = "xhostnet";
        public const string Bridge = "br0";
        public const string OvsBridge = "obr0";

        public string Name { get; set; } = DefaultName;
        public NetworkMode Mode { get; set; }
        public InterfaceAddress ContainerNetwork { get; set; } = null!;
        /// <summary>Each host's share of the network; null: /24 of a wider network, else just enough bits for the hosts.</summary>
        public int? SubnetPrefixLength { get; set; }
        /// <summary>The overlay MTU; null: the smallest underlay MTU minus the tunnel's overhead.</summary>
        public int? Mtu { get; set; }
        /// <summary>Where each host keeps its record; null: <see cref="NetworkRecordStore.DefaultDirectory"/>.</summary>
        public string? RecordDirectory { get; set; }
        public IReadOnlyList<NetworkHostSpec> Hosts { get; set; } = new List<NetworkHostSpec>();
        /// <summary>Also set each host's dockerd: -b br0, --fixed-cidr its subnet (and the overlay MTU for tunnels), restarted.</summary>
        public bool Docker { get; set; }
        /// <summary>SharedLan: how long each host's watchdog waits for a new connection to confirm the NIC's move before it rolls it back.</summary>
        public System.TimeSpan ConfirmTimeout { get; set; } = System.TimeSpan.FromSeconds(DefaultConfirmTimeoutSeconds);

        /// <summary>The same default and range as Add-LinuxBridgePort -ConfirmTimeout.</summary>
        public const int DefaultConfirmTimeoutSeconds = 30, MinConfirmTimeoutSeconds = 5, MaxConfirmTimeoutSeconds = 3600;

        /// <summary>
        /// Take the network and each host's subnet from the shared subnet store (flannel's etcd layout) instead of cutting
        /// <see cref="ContainerNetwork"/>; null: cut it here.
        /// </summary>
        public Leases.EtcdSettings? SubnetStore { get; set; }
        /// <summary>With <see cref="SubnetStore"/>: where each host's subnet.env goes ({host} stands for the session's host).</summary>
        public string SubnetFile { get; set; } = XHostNet.Docker.FlannelSubnet.DefaultPath;

        /// <summary>Also write br0's boot configuration on each host; null: nothing persisted.</summary>
        public NetworkPersist? Persist { get; set; }
    }
}
