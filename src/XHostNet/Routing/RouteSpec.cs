using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using XHostNet.Linux;
using XHostNet.Planning;

namespace XHostNet.Routing
{
    /// <summary>What Add-ContainerRoute asks for.</summary>
    public sealed class RouteSpec
    {
        public InterfaceAddress Destination { get; set; } = new InterfaceAddress(IPAddress.Any, 0);
        public IPAddress Gateway { get; set; } = IPAddress.None;
        public string? Interface { get; set; }
        public bool OnLink { get; set; }
        public uint? Metric { get; set; }
    }
}
