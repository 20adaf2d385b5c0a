using System;
using XHostNet.Docker;
using XHostNet.Sessions;

namespace XHostNet.Leases
{
    /// <summary>How Request-ContainerSubnetLease (and Connect-XHostNetwork -SubnetStore) asks for each host's lease.</summary>
    public sealed class SubnetLeaseOptions
    {
        /// <summary>The interface whose address is the host's public address; null: the default route's.</summary>
        public string? Interface { get; set; }
        /// <summary>The size of subnet to lease; null: the config's SubnetLen.</summary>
        public int? SubnetLength { get; set; }
        public TimeSpan TimeToLive { get; set; } = SubnetLeaseStore.DefaultTimeToLive;
        /// <summary>A lease already held is renewed to its full TTL (a fresh claim has it anyway).</summary>
        public bool Renew { get; set; }
        /// <summary>FLANNEL_MTU; null: the interface's MTU less the backend's overhead, as flanneld computes it.</summary>
        public int? Mtu { get; set; }
        public string SubnetFile { get; set; } = FlannelSubnet.DefaultPath;

        /// <summary>The subnet.env path on this host ({host} filled in, see <see cref="HostPlaceholder"/>).</summary>
        public string SubnetFileFor(XHostSession session) => HostPlaceholder.Fill(SubnetFile, session);
    }
}
