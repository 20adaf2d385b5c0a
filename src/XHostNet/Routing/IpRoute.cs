using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json;
using XHostNet.Execution;
using XHostNet.Linux;

namespace XHostNet.Routing
{
    /// <summary>One route as <c>ip -j route show</c> or <c>ip -j route get</c> reports it.</summary>
    public sealed class IpRoute
    {
        /// <summary>The destination in CIDR form; a host route (which ip prints without /32) gets its full prefix; "default" is 0.0.0.0/0.</summary>
        public InterfaceAddress Destination { get; set; } = new InterfaceAddress(IPAddress.Any, 0);
        public string Type { get; set; } = "unicast";
        public IPAddress? Gateway { get; set; }
        public string? Device { get; set; }
        public IPAddress? PreferredSource { get; set; }
        /// <summary>The route's metric (priority); ip leaves it out for 0. IPv6 routes get 1024 unless set.</summary>
        public uint? Metric { get; set; }
        public string? Protocol { get; set; }
        public string? Scope { get; set; }
        public bool OnLink { get; set; }
    }
}
