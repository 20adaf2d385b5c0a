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
    public sealed class ReachabilityTarget
    {
        public ReachabilityTarget(string label, string address, ReachabilitySource? owner = null)
        {
            Label = label;
            Address = address;
            Owner = owner;
        }

        public string Label { get; }
        public string Address { get; }
        /// <summary>The container the address belongs to, when it came from -TargetContainer (a container does not test itself).</summary>
        public ReachabilitySource? Owner { get; }
    }
}
