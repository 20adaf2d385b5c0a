using System;
using System.Diagnostics;
using System.Linq;
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
        /// <summary>With a subnet store: the host's lease must be claimed before its change (it holds none yet).</summary>
        public bool Claim { get; set; }
        /// <summary>With a subnet store: what happens to the host's lease in etcd, for -WhatIf and -Confirm.</summary>
        public string? LeaseStep { get; set; }
        /// <summary>Whether there is anything to do for the host: a change on it, or its lease to claim.</summary>
        public bool HasWork => Plan != null && (!Plan.IsEmpty || Claim);
        /// <summary>Whether the network is in place on the host (already as asked, or applied), so it takes part in the reachability test.</summary>
        public bool InPlace { get; set; }

        private TimeSpan? _duration;
        private long? _roundTrips;

        private long _otherConnections;

        /// <summary>Round trips to the host so far, or up to <see cref="Stop"/>, the other connections' (a move's confirmation) included.</summary>
        public long RoundTrips => (_roundTrips ?? Session.RoundTrips - _roundTripsAtStart) + _otherConnections;

        /// <summary>Counts round trips made over other connections to the host than its session.</summary>
        public void AddRoundTrips(long count) => _otherConnections += count;

        /// <summary>The host's work is over (applied, failed, or nothing to do): its time and round trips stop here, not when the slowest host ends.</summary>
        public void Stop()
        {
            _duration ??= _clock.Elapsed;
            _roundTrips ??= Session.RoundTrips - _roundTripsAtStart;
        }

        public XHostNetworkResult ToResult(NetworkSpec spec) => new XHostNetworkResult
        {
            Network = spec.Name, Mode = spec.Mode, Subnet = Member?.Subnet.ToString(), BridgeAddress = Member?.BridgeAddress.ToString(),
            Mtu = Member is null ? (int?)null : Plan?.Record?.Mtu,
            Changed = InPlace && HasWork,
            Changes = InPlace && Plan != null ? (Claim ? new[] { $"claim lease {Member!.Lease!.Key} in etcd" } : Array.Empty<string>()).Concat(Plan.Changes).ToArray() : Array.Empty<string>(),
            Lease = Member?.Lease?.Key,
            Duration = _duration ?? _clock.Elapsed, RoundTrips = RoundTrips, Error = Error?.Message, Session = Session,
        };
    }
}
