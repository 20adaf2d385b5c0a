using System;
using XHostNet.Sessions;

namespace XHostNet.Leases
{
    /// <summary>One host's subnet lease in the shared store: the key flannel reads, its value, and the etcd lease behind it.</summary>
    public sealed class SubnetLease
    {
        /// <summary>The subnet, 10.5.52.0/24.</summary>
        public string Subnet { get; set; } = "";
        /// <summary>The host's address the lease belongs to (flannel's PublicIP): how a host finds its lease again.</summary>
        public string PublicIP { get; set; } = "";
        public string? PublicIPv6 { get; set; }
        public string? BackendType { get; set; }
        public string? BackendData { get; set; }
        /// <summary>Time left before etcd drops the lease; null for a key bound to no etcd lease (a flannel reservation, kept until removed).</summary>
        public TimeSpan? TimeToLive { get; set; }
        /// <summary>The etcd lease id as etcdctl prints it (hex); empty for a reservation.</summary>
        public string LeaseId { get; set; } = "";
        public SubnetLeaseOwner Owner { get; set; }
        /// <summary>The host name XHostNet recorded when it claimed the lease; empty for flannel's.</summary>
        public string HostName { get; set; } = "";
        /// <summary>What Request-ContainerSubnetLease did: Claimed, Reused, Renewed; empty from Get-ContainerSubnetLease.</summary>
        public string Action { get; set; } = "";
        public string Key { get; set; } = "";
        /// <summary>The key's value exactly as stored.</summary>
        public string Value { get; set; } = "";
        public string Etcd { get; set; } = "";
        /// <summary>The host the lease was requested for (Request-ContainerSubnetLease), so it pipes on to Get-FlannelSubnet.</summary>
        public XHostSession? Session { get; set; }

        internal long EtcdLease { get; set; }

        public override string ToString() => Subnet;
    }
}
