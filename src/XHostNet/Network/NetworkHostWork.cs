using System;
using System.Diagnostics;
using XHostNet.Sessions;

namespace XHostNet.Network
{
    /// <summary>One host's way through Connect-XHostNetwork: when it started, its round trips, its plan, its end.</summary>
    public sealed class NetworkHostWork
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly long _roundTripsAtStart;

        public NetworkHostWork(NetworkHostSpec host)
        {
            Host = host;
            _roundTripsAtStart = host.Session.RoundTrips;
        }

        public NetworkHostSpec Host { get; }
        public XHostSession Session => Host.Session;
        public NetworkMember? Member { get; set; }
        public NetworkHostPlan? Plan { get; set; }
        public Exception? Error { get; set; }
        /// <summary>Whether the network is in place on the host (already as asked, or applied), so it takes part in the reachability test.</summary>
        public bool InPlace { get; set; }

        public long RoundTrips => Session.RoundTrips - _roundTripsAtStart;

        public XHostNetworkResult ToResult(NetworkSpec spec) => new XHostNetworkResult
        {
            Network = spec.Name, Mode = spec.Mode, Subnet = Member?.Subnet.ToString(), BridgeAddress = Member?.BridgeAddress.ToString(),
            Mtu = Member is null ? (int?)null : Plan?.Record?.Mtu,
            Changed = InPlace && Plan?.IsEmpty == false, Changes = InPlace && Plan != null ? new System.Collections.Generic.List<string>(Plan.Changes).ToArray() : Array.Empty<string>(),
            Duration = _clock.Elapsed, RoundTrips = RoundTrips, Error = Error?.Message, Session = Session,
        };
    }
}
