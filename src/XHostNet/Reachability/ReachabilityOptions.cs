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
    public sealed class ReachabilityOptions
    {
        public int Count { get; set; } = 3;
        public double IntervalSeconds { get; set; } = 0.2;
        public int TimeoutSeconds { get; set; } = 2;
        public int? Size { get; set; }
        public bool DontFragment { get; set; }
        public int? TcpPort { get; set; }
        /// <summary>The address pings leave from (ping -I), e.g. a host's bridge address to test the container side; null: the kernel's choice.</summary>
        public string? SourceAddress { get; set; }
    }
}
