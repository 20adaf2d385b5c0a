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
    /// <summary>Where pings start: a host (its session, maybe a network namespace) or a container on it.</summary>
    public sealed class ReachabilitySource
    {
        public ReachabilitySource(XHostSession session, string? container)
        {
            Session = session;
            Container = container;
        }

        public XHostSession Session { get; }
        public string? Container { get; }
        /// <summary>The container's name, or the session's name (its host label unless New-XHostSession -Name gave one).</summary>
        public string Label => Container ?? Session.SessionName;
    }
}
