using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using XHostNet.Leases;
using XHostNet.Linux;

namespace XHostNet.Network
{
    /// <summary>
    /// Connect-XHostNetwork -SubnetStore: the hosts' subnets come from the shared store in flannel's etcd layout instead
    /// of being cut from -ContainerNetwork. Read once before the plan (config and leases), each host given the lease held
    /// for its underlay address (flannel's PublicIP) or the next free subnet; claimed only for the hosts whose change is
    /// approved, just before it, and given back when that change fails, so -WhatIf and a failed host claim nothing.
    /// </summary>
    public sealed class NetworkSubnetStore : IDisposable
    {
        private readonly SubnetLeaseStore _store;
        private readonly HashSet<string> _held = new HashSet<string>(StringComparer.Ordinal);

        private NetworkSubnetStore(EtcdSettings settings, SubnetLeaseStore store, ContainerNetworkConfig config, IReadOnlyList<SubnetLease> leases)
        {
            Settings = settings;
            _store = store;
            Config = config;
            Leases = leases;
        }

        public EtcdSettings Settings { get; }
        public ContainerNetworkConfig Config { get; }
        /// <summary>The leases as read before the plan.</summary>
        public IReadOnlyList<SubnetLease> Leases { get; }
        public InterfaceAddress Network => InterfaceAddress.Parse(Config.Network);
        /// <summary>The etcd lease time of a new claim (flannel's 24 h; renewed by Request-ContainerSubnetLease -Renew).</summary>
        public TimeSpan TimeToLive { get; set; } = SubnetLeaseStore.DefaultTimeToLive;

        /// <summary>Reads the config and the leases (three etcd calls), and checks the network asked for is the store's.</summary>
        public static async Task<NetworkSubnetStore> ReadAsync(EtcdSettings settings, NetworkSpec spec, CancellationToken ct)
        {
            var store = new SubnetLeaseStore(settings);
            try
            {
                var (config, leases) = await store.PlanSnapshotAsync(ct).ConfigureAwait(false);
                var read = new NetworkSubnetStore(settings, store, config, leases);
                read.Check(spec);
                return read;
            }
            catch
            {
                store.Dispose();
                throw;
            }
        }

        /// <summary>The store decides the network and each host's share; what the caller asked must agree, else nothing is done.</summary>
        private void Check(NetworkSpec spec)
        {
            var why = spec.Mode == NetworkMode.SharedLan
                ? "SharedLan slices the hosts' own LAN, which is not a flannel network; use HostRoutes, OvsGre or Vxlan"
                : spec.ContainerNetwork != null && !spec.ContainerNetwork.Network.Equals(Network)
                    ? $"-ContainerNetwork {spec.ContainerNetwork} is not the store's network {Config.Network}; leave it out (the store's is taken) or give that one"
                    : spec.SubnetPrefixLength is int length && length != Config.SubnetLength
                        ? $"-SubnetPrefixLength {length} is not the store's SubnetLen {Config.SubnetLength}; leave it out (each host leases a /{Config.SubnetLength})"
                        : spec.Hosts.Any(h => h.Subnet != null)
                            ? "a host's Subnet override cannot go with a subnet store, whose leases decide the subnets; take it out of the topology file"
                            : null;
            if (why != null)
                throw new XHostException(XHostErrorKind.InvalidArgument, ErrorIds.NetworkSubnetStoreInvalid,
                    $"The subnet store at {Settings.Describe()} ({Config.Key}) cannot make network '{spec.Name}': {why}. Nothing was claimed or changed.");
        }

        /// <summary>
        /// Each member's lease: the one held for its underlay address, else a free subnet no other member of this run takes
        /// — the one its subnet.env or its record names first, as flanneld tries its last lease again, then the lowest.
        /// A member that gets none is that host's failure.
        /// </summary>
        public IReadOnlyDictionary<NetworkMember, Exception> Assign(NetworkSpec spec, IReadOnlyList<NetworkMember> members)
        {
            var failures = new Dictionary<NetworkMember, Exception>();
            var free = SubnetLeaseStore.FreeSubnets(Config, Leases, null).ToList();
            // Held leases first, so a free subnet is never handed to one host that another one's held lease needs.
            var waiting = new List<NetworkMember>();
            foreach (var member in members)
            {
                var address = member.UnderlayAddress.ToString();
                var held = Leases.FirstOrDefault(l => l.PublicIP == address && Config.Accepts(InterfaceAddress.Parse(l.Subnet)));
                if (held is null)
                {
                    waiting.Add(member);
                    continue;
                }
                var old = member.Read.Record(spec.Name)?.Lease;
                Give(member, InterfaceAddress.Parse(held.Subnet), claimed: old != null && old.Key == held.Key && old.Claimed, held: true);
            }
            foreach (var member in waiting)
            {
                var preferred = new[] { member.Read.SubnetFilePrevious(spec.SubnetFile), RecordedSubnet(spec, member) }
                    .FirstOrDefault(p => p != null && free.Contains(p.Network));
                var subnet = preferred?.Network ?? free.FirstOrDefault();
                if (subnet is null)
                {
                    failures[member] = new XHostException(XHostErrorKind.Conflict, ErrorIds.ContainerSubnetsExhausted,
                        $"The network {Config.Network} in {Settings.Describe()} has {Config.SubnetCount} subnet(s) of /{Config.SubnetLength} and none is free for host " +
                        $"'{member.Host}' ({member.UnderlayAddress}). Nothing was claimed or changed on it. Free one (Remove-ContainerSubnetLease) or widen the network (Set-ContainerNetworkConfig).");
                    continue;
                }
                free.Remove(subnet);
                Give(member, subnet, claimed: true, held: false);
            }
            return failures;
        }

        private void Give(NetworkMember member, InterfaceAddress subnet, bool claimed, bool held)
        {
            member.Subnet = subnet;
            member.Lease = new NetworkLease
            {
                Key = _store.SubnetKey(subnet), Subnet = subnet.ToString(), PublicIP = member.UnderlayAddress.ToString(),
                Etcd = string.Join(",", Settings.Endpoints.Select(e => e.GetLeftPart(UriPartial.Authority))), Prefix = Settings.Prefix, FromHost = Settings.Via != null, Claimed = claimed,
            };
            if (held) _held.Add(member.Lease.Key);
        }

        private static InterfaceAddress? RecordedSubnet(NetworkSpec spec, NetworkMember member) =>
            member.Read.Record(spec.Name)?.Subnet is { Length: > 0 } s && InterfaceAddress.TryParse(s, out var subnet, out _) ? subnet : null;

        /// <summary>Whether the member's lease must still be claimed (it is not held yet).</summary>
        public bool MustClaim(NetworkMember member) => member.Lease != null && !_held.Contains(member.Lease.Key);

        /// <summary>What -WhatIf and -Confirm show for the member's lease.</summary>
        public string Describe(NetworkMember member) => MustClaim(member)
            ? $"In etcd: claim {member.Lease!.Subnet} for {member.UnderlayAddress} ({member.Lease.Key} and XHostNet's host marker, created only if absent, " +
              $"bound to a new etcd lease of {TimeToLive.TotalSeconds:0} s) before the host's change"
            : $"In etcd: keep lease {member.Lease!.Subnet} ({member.Lease.Key}) held for {member.UnderlayAddress}";

        /// <summary>
        /// Claims the member's planned subnet. Another claim may take it between the plan and now: the host then gets no
        /// change, and the subnet it was given instead stays its lease, which a re-run of Connect finds and uses.
        /// </summary>
        public async Task ClaimAsync(NetworkMember member, CancellationToken ct)
        {
            var warnings = new List<string>();
            var lease = await _store.RequestAsync(member.UnderlayAddress, member.Host, Config.SubnetLength, TimeToLive, renew: false, member.Subnet, warnings, ct).ConfigureAwait(false);
            if (lease.Subnet != member.Subnet.ToString())
                throw new XHostException(XHostErrorKind.Conflict, ErrorIds.NetworkSubnetLeaseMoved,
                    $"Host '{member.Host}' ({member.UnderlayAddress}) was planned with {member.Subnet}, but the store gave it {lease.Subnet} ({lease.Key}, {lease.Action.ToLowerInvariant()}): " +
                    "another claim came between the plan and the change. Nothing was changed on the host; its lease stays, and running Connect-XHostNetwork again uses it.");
        }

        /// <summary>Gives back a lease this run claimed for a host whose change then failed (the host is as it was).</summary>
        public async Task ReleaseQuietlyAsync(NetworkMember member)
        {
            try
            {
                using var limit = new CancellationTokenSource(Settings.RequestTimeout);
                await _store.ReleaseAsync(member.Subnet, limit.Token, member.UnderlayAddress.ToString()).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is XHostException || ex is OperationCanceledException)
            {
                // etcd went away: the claim expires with its TTL, bound to nothing the host uses.
            }
        }

        /// <summary>
        /// Disconnect-XHostNetwork: gives back a lease the network claimed, while it is still the host's (the same
        /// PublicIP): a lease that expired and went to another host is not touched. False when there was none to give back.
        /// </summary>
        public static async Task<bool> GiveBackAsync(NetworkLease lease, EtcdSettings settings, CancellationToken ct)
        {
            using var store = new SubnetLeaseStore(settings);
            try
            {
                await store.ReleaseAsync(InterfaceAddress.Parse(lease.Subnet), ct, lease.PublicIP).ConfigureAwait(false);
                return true;
            }
            catch (XHostException ex) when (ex.ErrorId == ErrorIds.ContainerSubnetLeaseNotFound)
            {
                return false;
            }
        }

        public void Dispose() => _store.Dispose();
    }
}
