using System;
using System.Text.RegularExpressions;
using XHostNet.Docker;
using XHostNet.Sessions;

namespace XHostNet.Leases
{
    /// <summary>How Request-ContainerSubnetLease (and Connect-XHostNetwork -SubnetStore) asks for each host's lease.</summary>
    public sealed class SubnetLeaseOptions
    {
        /// <summary>Replaced by the session's host label: hosts that share one filesystem (namespaces, a lab) need a file each.</summary>
        public const string HostPlaceholder = "{host}";
        private static readonly Regex Unsafe = new Regex("[^A-Za-z0-9_.-]", RegexOptions.CultureInvariant);

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

        public string SubnetFileFor(XHostSession session) => SubnetFile.Replace(HostPlaceholder, Unsafe.Replace(session.Host, "_"));
    }
}
