using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using XHostNet.Docker;
using XHostNet.Execution;
using XHostNet.Sessions;

namespace XHostNet.Reachability
{
    /// <summary>
    /// Tests every source against every target: makes the pairs (a container does not test itself), runs at most
    /// ThrottleLimit of them at once, reports progress as pairs finish, and gives one outcome per pair, in pair order.
    /// </summary>
    public sealed class ReachabilityRun
    {
        private readonly Func<ReachabilityPair, CancellationToken, Task<ReachabilityResult>> _probe;

        /// <param name="probe">Tests one pair; an exception it throws becomes that pair's outcome, not the run's.</param>
        public ReachabilityRun(int throttleLimit, Func<ReachabilityPair, CancellationToken, Task<ReachabilityResult>> probe)
        {
            if (throttleLimit < 1) throw new ArgumentOutOfRangeException(nameof(throttleLimit), throttleLimit, "At least one pair must be able to run.");
            ThrottleLimit = throttleLimit;
            _probe = probe ?? throw new ArgumentNullException(nameof(probe));
        }

        /// <summary>
        /// The real thing: each pair pinged and its path looked up on its source's host (ReachabilityProbe). Containers
        /// already read (while finding the sources) are reused, the others read once however many pairs they are in.
        /// </summary>
        /// <param name="knownHosts">Sessions a stand-in container's veth may lead into (their host is followed, see ContainerHop).</param>
        public static ReachabilityRun OnHosts(ReachabilityOptions options, int throttleLimit,
            IEnumerable<(ReachabilitySource Source, ContainerState State)> knownContainers, IReadOnlyList<XHostSession> knownHosts)
        {
            var containers = new ConcurrentDictionary<(XHostSession, string), Lazy<Task<ContainerState>>>();
            foreach (var (source, state) in knownContainers) containers[(source.Session, source.Container!)] = new Lazy<Task<ContainerState>>(() => Task.FromResult(state));
            Task<ContainerState> ContainerOf(ReachabilitySource s, CancellationToken ct) =>
                containers.GetOrAdd((s.Session, s.Container!), key => new Lazy<Task<ContainerState>>(() => ContainerState.ReadAsync(key.Item1, key.Item2, ct))).Value;
            return new ReachabilityRun(throttleLimit, (pair, ct) => ReachabilityProbe.RunAsync(pair.Source, pair.Target, options, ContainerOf, knownHosts, ct));
        }

        public int ThrottleLimit { get; }

        /// <summary>Every source with every target, sources first; a container's own addresses are not its targets.</summary>
        public static IReadOnlyList<ReachabilityPair> Pairs(IEnumerable<ReachabilitySource> sources, IEnumerable<ReachabilityTarget> targets)
        {
            var all = targets.ToList();
            return sources.SelectMany(s => all.Where(t => !IsOwnAddress(s, t)).Select(t => new ReachabilityPair(s, t))).ToList();
        }

        private static bool IsOwnAddress(ReachabilitySource source, ReachabilityTarget target) =>
            target.Owner != null && target.Owner.Container != null && ReferenceEquals(target.Owner.Session, source.Session) &&
            target.Owner.Container == source.Container;

        /// <summary>Runs the pairs; progress is reported after each one finishes. Cancelling stops the run (OperationCanceledException).</summary>
        public async Task<IReadOnlyList<Outcome<ReachabilityPair, ReachabilityResult>>> RunAsync(IReadOnlyList<ReachabilityPair> pairs,
            IProgress<ReachabilityProgress>? progress, CancellationToken cancellationToken)
        {
            progress?.Report(new ReachabilityProgress(0, pairs.Count));
            var done = 0;
            return await Concurrently.RunEachAsync(pairs, _probe, cancellationToken, ThrottleLimit,
                () => progress?.Report(new ReachabilityProgress(Interlocked.Increment(ref done), pairs.Count))).ConfigureAwait(false);
        }
    }
}
