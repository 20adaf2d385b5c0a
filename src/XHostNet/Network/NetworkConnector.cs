using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using XHostNet.Execution;
using XHostNet.Linux;
using XHostNet.Reachability;

namespace XHostNet.Network
{
    /// <summary>
    /// Connect-XHostNetwork's phases across all hosts at once: read every host (one round trip each), decide the
    /// topology, plan each host, apply each plan (one round trip each), test reachability. One host's failure is that
    /// host's outcome; the others go on.
    /// </summary>
    public static class NetworkConnector
    {
        /// <summary>
        /// Reads and plans every host; the works come back in the order of the hosts, each with its plan or its error. With
        /// <paramref name="store"/> (read already, see <see cref="NetworkSubnetStore.ReadAsync"/>) each host's subnet is its lease there.
        /// </summary>
        public static async Task<(IReadOnlyList<NetworkHostWork> Works, NetworkTopology? Topology)> PlanAsync(NetworkSpec spec, NetworkSubnetStore? store, int? throttleLimit,
            CancellationToken ct)
        {
            if (store != null)
            {
                spec.ContainerNetwork = store.Network;
                spec.SubnetPrefixLength = store.Config.SubnetLength;
            }
            var works = spec.Hosts.Select(h => new NetworkHostWork(h)).ToList();
            var ovs = NetworkHostRead.OvsNeedOf(spec.Mode);
            var reads = await Concurrently.RunEachAsync(works, async (w, c) => await (await NetworkHostRead.ReadAsync(w.Session, ovs, spec.RecordDirectory, c,
                    move: spec.Mode == NetworkMode.SharedLan, bootRoot: spec.Persist?.RootFor(w.Session), subnetFile: store is null ? null : spec.SubnetFile).ConfigureAwait(false))
                .WithDockerAsync(spec.Docker, spec.Name, c).ConfigureAwait(false), ct, throttleLimit).ConfigureAwait(false);
            foreach (var failed in reads.Where(r => r.Error != null))
            {
                failed.Item.Error = failed.Error;
                failed.Item.Stop();
            }
            var read = reads.Where(r => r.Error is null).Select(r => (r.Item.Host, r.Value)).ToList();
            if (read.Count == 0) return (works, null);

            var topology = NetworkTopology.Resolve(spec, read, store);
            foreach (var work in works.Where(w => w.Error is null))
            {
                var hostRead = reads.First(r => r.Item == work).Value;
                if (topology.Failures.TryGetValue(hostRead, out var failure))
                {
                    work.Error = failure;
                    work.Stop();
                    continue;
                }
                work.Member = topology.Members.First(m => m.Read == hostRead);
                try
                {
                    work.Plan = NetworkPlanner.PlanConnect(spec, topology, work.Member);
                    if (store != null)
                    {
                        work.Claim = store.MustClaim(work.Member);
                        work.LeaseStep = store.Describe(work.Member);
                    }
                    if (!work.HasWork)
                    {
                        work.InPlace = true;
                        work.Stop();
                    }
                }
                catch (XHostException ex)
                {
                    work.Error = ex;
                    work.Stop();
                }
            }
            return (works, topology);
        }

        /// <summary>
        /// Applies the approved plans, each in one round trip; a SharedLan host first has its NIC moved by its watchdog (one
        /// round trip to start it, then the confirming connection's), and the batch runs only once the move is confirmed.
        /// A host whose lease must be claimed (<paramref name="store"/>) claims it first, and gives it back when its change fails.
        /// </summary>
        public static async Task ApplyAsync(IReadOnlyList<NetworkHostWork> approved, NetworkSubnetStore? store, int? throttleLimit, CancellationToken ct)
        {
            var outcomes = await Concurrently.RunEachAsync(approved, async (w, c) =>
            {
                var claimed = false;
                try
                {
                    if (w.Claim)
                    {
                        await store!.ClaimAsync(w.Member!, c).ConfigureAwait(false);
                        claimed = true;
                    }
                    if (w.Plan!.Move is { } move) await MoveAsync(w, move, c).ConfigureAwait(false);
                    try
                    {
                        return await w.Plan.Plan.ApplyAsync(c).ConfigureAwait(false);
                    }
                    catch (XHostException ex) when (w.Plan.Move != null)
                    {
                        throw new XHostException(ex.Kind, ex.ErrorId, ex.Message + $" The move of {w.Plan.Move.Nic} into {w.Plan.Move.Bridge} was confirmed before and stays, " +
                            "but no record claims it: Disconnect-XHostNetwork does not undo it.");
                    }
                }
                catch when (claimed)
                {
                    // The host's change did not happen (or was undone): the lease claimed for it goes back, so a failure claims nothing.
                    await store!.ReleaseQuietlyAsync(w.Member!).ConfigureAwait(false);
                    throw;
                }
                finally
                {
                    w.Stop();
                }
            }, ct, throttleLimit).ConfigureAwait(false);
            foreach (var outcome in outcomes)
            {
                if (outcome.Error != null) outcome.Item.Error = outcome.Error;
                else outcome.Item.InPlace = true;
            }
        }

        /// <summary>
        /// Starts the host's watchdog move and confirms it over a new connection. Nothing of the network is made on the host
        /// before it, so a move that did not stay leaves the host as it was (unless restoring failed too) and no record was written.
        /// </summary>
        private static async Task MoveAsync(NetworkHostWork work, AddressMovePlan move, CancellationToken ct)
        {
            try
            {
                await move.StartAsync(ct).ConfigureAwait(false);
                move.EnsureConfirmed(await move.ConfirmAsync(ct).ConfigureAwait(false));
            }
            catch (XHostException ex) when (ex.ErrorId == ErrorIds.AddressMoveRolledBack || ex.ErrorId == ErrorIds.AddressMoveFailed)
            {
                throw new XHostException(ex.Kind, ex.ErrorId, ex.Message + " Connect-XHostNetwork made nothing else on the host before the move, " +
                    "so the host is as it was before; no record was written.");
            }
            finally
            {
                work.AddRoundTrips(move.SiblingRoundTrips);
            }
        }

        /// <summary>
        /// Every host in place pings every other one's bridge address from its own, don't-fragment at the overlay MTU:
        /// full-size packets cross the container side of the network, as containers' would.
        /// </summary>
        public static Task<IReadOnlyList<Outcome<ReachabilityPair, ReachabilityResult>>> TestAsync(IReadOnlyList<NetworkHostWork> works, int mtu, int throttleLimit,
            IProgress<ReachabilityProgress>? progress, CancellationToken ct)
        {
            var inPlace = works.Where(w => w.InPlace && w.Member != null).ToList();
            var pairs = inPlace.SelectMany(source => inPlace.Where(t => t != source).Select(target => new ReachabilityPair(new ReachabilitySource(source.Session, null),
                new ReachabilityTarget($"{target.Session.SessionName} ({target.Member!.BridgeAddress.Address})", target.Member.BridgeAddress.Address.ToString())))).ToList();
            var sourceAddress = inPlace.ToDictionary(w => w.Session, w => w.Member!.BridgeAddress.Address.ToString());
            var run = new ReachabilityRun(throttleLimit, (pair, c) => ReachabilityProbe.RunAsync(pair.Source, pair.Target,
                new ReachabilityOptions { Count = 2, IntervalSeconds = 0.2, TimeoutSeconds = 2, DontFragment = true, Size = mtu - 28, SourceAddress = sourceAddress[pair.Source.Session] },
                (s, _) => throw new InvalidOperationException("The network test pings from hosts, not containers."), inPlace.Select(w => w.Session).ToList(), c));
            return run.RunAsync(pairs, progress, ct);
        }
    }
}
