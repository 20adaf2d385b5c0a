using System;
using XHostNet.Sessions;

namespace XHostNet.Network
{
    /// <summary>What Connect-XHostNetwork did on one host: changed or not, what, how long, at how many round trips, or why it failed.</summary>
    public sealed class XHostNetworkResult
    {
        public string Network { get; set; } = "";
        public NetworkMode Mode { get; set; }
        public string? Subnet { get; set; }
        public string? BridgeAddress { get; set; }
        public int? Mtu { get; set; }
        /// <summary>With -SubnetStore: the key of the host's subnet lease in etcd; null otherwise.</summary>
        public string? Lease { get; set; }
        public bool Changed { get; set; }
        /// <summary>One line per change made, in plain words; empty when the host was already as asked.</summary>
        public string[] Changes { get; set; } = Array.Empty<string>();
        public TimeSpan Duration { get; set; }
        /// <summary>
        /// Round trips to the host for reading, planning and applying (the reachability test not counted): 1 when nothing
        /// changed, 2 for a change; a SharedLan NIC move adds its start and its confirmation over a new connection (5 or more in all).
        /// </summary>
        public long RoundTrips { get; set; }
        /// <summary>Why the host failed (also written as an error), or null.</summary>
        public string? Error { get; set; }
        public string Host => Session?.Host ?? "local";
        public XHostSession? Session { get; set; }
    }
}
