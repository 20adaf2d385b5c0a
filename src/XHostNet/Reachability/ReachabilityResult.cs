using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using XHostNet.Docker;
using XHostNet.Routing;
using XHostNet.Sessions;

namespace XHostNet.Reachability
{
    /// <summary>One source/target pair's outcome: what ping saw, the optional TCP check, and the path the packets take.</summary>
    public sealed class ReachabilityResult
    {
        /// <summary>The container's name, or the session's name for a host source.</summary>
        public string Source { get; set; } = "";
        public string Target { get; set; } = "";
        public string TargetAddress { get; set; } = "";
        public int Sent { get; set; }
        public int Received { get; set; }
        public double LossPercent => Sent == 0 ? 100 : Math.Round(100.0 * (Sent - Received) / Sent, 1);
        public double? RttMinMs { get; set; }
        public double? RttAvgMs { get; set; }
        public double? RttMaxMs { get; set; }
        public int? TcpPort { get; set; }
        public bool? TcpOpen { get; set; }
        /// <summary>At least one reply came, and the TCP port, if asked, accepted a connection.</summary>
        public bool Success => Received > 0 && (TcpPort is null || TcpOpen == true);
        /// <summary>How the packets leave: Tunnel, Underlay or Local (as Find-ContainerRoute judges it on the source's host).</summary>
        public RoutePathKind? Path { get; set; }
        /// <summary>The source's egress device and gateway toward the target.</summary>
        public string? Interface { get; set; }
        public string? Gateway { get; set; }
        public string? Via { get; set; }
        /// <summary>How the ping ran: on the host, "container" (the container's own ping, in all its namespaces), or "nsenter" (the host's ping in the container's network namespace).</summary>
        public string Method { get; set; } = "";
        public string? Error { get; set; }
        public string Host => Session?.Host ?? "local";
        public XHostSession? Session { get; set; }
    }
}
