using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using XHostNet.Linux;

namespace XHostNet.Leases
{
    /// <summary>
    /// The shared subnet store, in flannel's etcd layout: &lt;prefix&gt;/config and one &lt;prefix&gt;/subnets/A.B.C.D-LEN key per
    /// host, bound to an etcd lease with a TTL. XHostNet's own claims add &lt;prefix&gt;/xhostnet/hosts/&lt;PublicIP&gt;, bound to
    /// the same etcd lease (so both go together) and created in the same transaction: it tells XHostNet's leases from
    /// flannel's, and makes two operators claiming for one host at once end with one lease. flanneld never reads it.
    /// </summary>
    public sealed class SubnetLeaseStore : IDisposable
    {
        /// <summary>flannel's lease time: 24 h, renewed by its owner.</summary>
        public static readonly TimeSpan DefaultTimeToLive = TimeSpan.FromHours(24);

        private readonly EtcdClient _etcd;
        private readonly EtcdSettings _settings;

        public SubnetLeaseStore(EtcdSettings settings) : this(settings, EtcdClient.Connect(settings)) { }

        public SubnetLeaseStore(EtcdSettings settings, EtcdClient etcd)
        {
            _settings = settings;
            _etcd = etcd;
        }

        // Keys as flannel's path.Join makes them: one slash between parts whatever the prefix ends with.
        private string Prefix => "/" + _settings.Prefix.Trim('/');
        public string ConfigKey => Prefix + "/config";
        private string SubnetsPrefix => Prefix + "/subnets/";
        private string MarkersPrefix => Prefix + "/xhostnet/hosts/";
        public string SubnetKey(InterfaceAddress subnet) => SubnetsPrefix + SubnetLeaseKey.Of(subnet);
        private string MarkerKey(string publicIp) => MarkersPrefix + publicIp;

        public async Task<ContainerNetworkConfig> ReadConfigAsync(CancellationToken ct)
        {
            var kv = await _etcd.GetAsync(ConfigKey, ct).ConfigureAwait(false)
                ?? throw new XHostException(XHostErrorKind.NotFound, ErrorIds.ContainerNetworkConfigNotFound,
                    $"etcd at {_settings.Describe()} has no network config at {ConfigKey}. Write one first: Set-ContainerNetworkConfig -Network CIDR " +
                    "(or give the -Prefix flanneld uses, its --etcd-prefix).");
            return ContainerNetworkConfig.Parse(kv.Value, ConfigKey, _settings.Describe());
        }

        private readonly object _snapshotGate = new object();
        private Task<(ContainerNetworkConfig Config, IReadOnlyList<SubnetLease> Leases)>? _planSnapshot;

        /// <summary>
        /// The config and the leases read once for planning: the hosts of one call plan against one read (three etcd
        /// calls), not one each. A claim reads afresh (<see cref="RequestAsync"/>).
        /// </summary>
        public Task<(ContainerNetworkConfig Config, IReadOnlyList<SubnetLease> Leases)> PlanSnapshotAsync(CancellationToken ct)
        {
            lock (_snapshotGate) return _planSnapshot ??= ReadSnapshotAsync(ct);
        }

        private async Task<(ContainerNetworkConfig, IReadOnlyList<SubnetLease>)> ReadSnapshotAsync(CancellationToken ct)
        {
            var config = ReadConfigAsync(ct);
            var leases = ReadLeasesAsync(withTimeToLive: false, ct);
            return (await config.ConfigureAwait(false), await leases.ConfigureAwait(false));
        }

        /// <summary>Every lease under the prefix, in subnet order; with <paramref name="withTimeToLive"/> each etcd lease's time left too.</summary>
        public async Task<IReadOnlyList<SubnetLease>> ReadLeasesAsync(bool withTimeToLive, CancellationToken ct)
        {
            var subnets = _etcd.RangePrefixAsync(SubnetsPrefix, ct);
            var markers = _etcd.RangePrefixAsync(MarkersPrefix, ct);
            var leases = ToLeases(await subnets.ConfigureAwait(false), await markers.ConfigureAwait(false));
            if (withTimeToLive)
            {
                var ids = leases.Where(l => l.EtcdLease != 0).Select(l => l.EtcdLease).Distinct().ToList();
                // A few at a time: through an SSH session each call is a channel, and sshd allows 10 per connection.
                using var slots = new SemaphoreSlim(4);
                var ttls = await Task.WhenAll(ids.Select(async id =>
                {
                    await slots.WaitAsync(ct).ConfigureAwait(false);
                    try
                    {
                        return await _etcd.TimeToLiveAsync(id, ct).ConfigureAwait(false);
                    }
                    finally
                    {
                        slots.Release();
                    }
                })).ConfigureAwait(false);
                var byId = ids.Zip(ttls, (id, ttl) => (id, ttl)).ToDictionary(p => p.id, p => p.ttl);
                foreach (var lease in leases.Where(l => l.EtcdLease != 0))
                    lease.TimeToLive = TimeSpan.FromSeconds(Math.Max(0, byId[lease.EtcdLease]));
            }
            return leases;
        }

        private IReadOnlyList<SubnetLease> ToLeases(IReadOnlyList<EtcdKeyValue> subnets, IReadOnlyList<EtcdKeyValue> markers)
        {
            var markerOf = markers.ToDictionary(m => m.Key.Substring(MarkersPrefix.Length), m => m, StringComparer.Ordinal);
            var leases = new List<(InterfaceAddress Subnet, SubnetLease Lease)>();
            foreach (var kv in subnets)
            {
                var subnet = SubnetLeaseKey.Parse(kv.Key);
                if (subnet is null) continue;
                FlannelLeaseValue value;
                try
                {
                    value = FlannelLeaseValue.Parse(kv.Value);
                }
                catch (FormatException)
                {
                    // flanneld skips a bad node too; its subnet still counts as taken (see FreeSubnets).
                    value = new FlannelLeaseValue();
                }
                var lease = new SubnetLease
                {
                    Subnet = subnet.ToString(), PublicIP = value.PublicIP, PublicIPv6 = value.PublicIPv6, BackendType = value.BackendType,
                    BackendData = value.BackendData, Key = kv.Key, Value = kv.Value, Etcd = _settings.Describe(), EtcdLease = kv.Lease,
                    LeaseId = kv.Lease == 0 ? "" : kv.Lease.ToString("x", CultureInfo.InvariantCulture),
                };
                if (value.PublicIP.Length > 0 && markerOf.TryGetValue(value.PublicIP, out var marker) && HostMarker.Parse(marker.Value) is { } m &&
                    m.Subnet == SubnetLeaseKey.Of(subnet))
                {
                    lease.Owner = SubnetLeaseOwner.XHostNet;
                    lease.HostName = m.Host;
                }
                leases.Add((subnet, lease));
            }
            return leases.OrderBy(l => ContainerNetworkConfig.ToNumber(l.Subnet.Address)).Select(l => l.Lease).ToList();
        }

        /// <summary>
        /// The host's lease: the one already held for its public address (as flanneld finds its own), renewed with
        /// <paramref name="renew"/>; otherwise a free subnet claimed atomically — <paramref name="preferred"/> first (the
        /// subnet the host's subnet.env names, as flanneld tries its last lease again), then the lowest free one; a
        /// subnet another claim takes first moves this one on to the next.
        /// </summary>
        public async Task<SubnetLease> RequestAsync(IPAddress publicIp, string hostName, int? subnetLength, TimeSpan timeToLive, bool renew, InterfaceAddress? preferred,
            ICollection<string> warnings, CancellationToken ct)
        {
            var config = await ReadConfigAsync(ct).ConfigureAwait(false);
            for (var attempt = 0; ; attempt++)
            {
                var leases = await ReadLeasesAsync(withTimeToLive: false, ct).ConfigureAwait(false);
                var held = HeldBy(config, leases, publicIp, warnings);
                if (held != null) return await KeepAsync(held, renew, ct).ConfigureAwait(false);
                var free = FreeSubnets(config, leases, subnetLength).ToList();
                if (preferred != null && free.Remove(preferred.Network)) free.Insert(0, preferred.Network);
                if (free.Count == 0)
                    throw Exhausted(config, subnetLength, hostName, publicIp);
                var claimed = await ClaimAsync(config, free, publicIp, hostName, timeToLive, ct).ConfigureAwait(false);
                if (claimed != null) return claimed;
                // Every candidate went to other claims, or another operator claimed for this very host: read again.
                if (attempt == 3)
                    throw new XHostException(XHostErrorKind.Conflict, ErrorIds.ContainerSubnetsExhausted,
                        $"Host '{hostName}' ({publicIp}) lost the race for every free subnet of {config.Network} four times; nothing was claimed. Run the request again.");
            }
        }

        /// <summary>No free subnet of the size asked is left for the host (at plan time or at the claim); nothing was claimed.</summary>
        internal static XHostException Exhausted(ContainerNetworkConfig config, int? subnetLength, string hostName, IPAddress publicIp) =>
            new XHostException(XHostErrorKind.Conflict, ErrorIds.ContainerSubnetsExhausted,
                $"The network {config.Network} has {config.SubnetCount} subnet(s) of /{config.SubnetLength} ({config.SubnetMin} to {config.SubnetMax}) and no " +
                $"/{subnetLength ?? config.SubnetLength} among them is free, " +
                $"so host '{hostName}' ({publicIp}) gets none. Nothing was claimed. Free one (Remove-ContainerSubnetLease) or widen the network (Set-ContainerNetworkConfig).");

        /// <summary>The lease that already belongs to this address; one outside the current config is left alone, with a warning.</summary>
        private static SubnetLease? HeldBy(ContainerNetworkConfig config, IReadOnlyList<SubnetLease> leases, IPAddress publicIp, ICollection<string> warnings)
        {
            SubnetLease? held = null;
            foreach (var lease in leases.Where(l => l.PublicIP == publicIp.ToString()))
            {
                if (held is null && config.Accepts(InterfaceAddress.Parse(lease.Subnet))) held = lease;
                else if (!config.Accepts(InterfaceAddress.Parse(lease.Subnet)))
                    warnings.Add($"{publicIp} also holds {lease.Subnet} ({lease.Key}), which lies outside the network config ({config.Network}, /{config.SubnetLength}); " +
                                 "it is not reused and was left as it is. Remove it with Remove-ContainerSubnetLease when nothing uses it.");
            }
            return held;
        }

        /// <summary>Subnets of SubnetMin..SubnetMax that no key covers (any key: a hand-written lease of another length counts too).</summary>
        internal static IEnumerable<InterfaceAddress> FreeSubnets(ContainerNetworkConfig config, IReadOnlyList<SubnetLease> leases, int? length)
        {
            var taken = leases.Select(l => InterfaceAddress.Parse(l.Subnet)).ToList();
            return config.Subnets(length).Where(s => !taken.Any(t => t.Overlaps(s)));
        }

        private async Task<SubnetLease> KeepAsync(SubnetLease held, bool renew, CancellationToken ct)
        {
            held.Action = "Reused";
            if (!renew || held.EtcdLease == 0)
            {
                if (held.EtcdLease != 0) held.TimeToLive = TimeSpan.FromSeconds(Math.Max(0, await _etcd.TimeToLiveAsync(held.EtcdLease, ct).ConfigureAwait(false)));
                return held;
            }
            var ttl = await _etcd.KeepAliveAsync(held.EtcdLease, ct).ConfigureAwait(false);
            held.Action = "Renewed";
            held.TimeToLive = TimeSpan.FromSeconds(ttl);
            return held;
        }

        /// <summary>
        /// One etcd lease, then a create-only-if-absent transaction per candidate until one succeeds. The subnet key and
        /// the host marker are written in one transaction, so a claim is whole or absent; a lease left unused is revoked.
        /// Null when every candidate was taken, or when another claim for this address won (the caller reads again).
        /// </summary>
        private async Task<SubnetLease?> ClaimAsync(ContainerNetworkConfig config, IReadOnlyList<InterfaceAddress> candidates, IPAddress publicIp, string hostName,
            TimeSpan timeToLive, CancellationToken ct)
        {
            var (id, ttl) = await _etcd.GrantAsync((long)Math.Ceiling(timeToLive.TotalSeconds), ct).ConfigureAwait(false);
            var value = new FlannelLeaseValue { PublicIP = publicIp.ToString(), BackendType = config.Backend }.Serialize();
            var marker = MarkerKey(publicIp.ToString());
            var inDoubt = "";
            try
            {
                // The caller found no lease for this address. A marker that is there now is either left over (its subnet key
                // deleted, or outside the config), which the claim replaces as long as nobody else does first — or another
                // claim for this address that landed since the caller read, which this one must not add a second lease to.
                var stale = await _etcd.GetAsync(marker, ct).ConfigureAwait(false);
                if (stale != null && await LandedAsync(config, stale, ct).ConfigureAwait(false)) candidates = Array.Empty<InterfaceAddress>();
                foreach (var subnet in candidates)
                {
                    var key = SubnetKey(subnet);
                    inDoubt = key;
                    // A new guard each time: a JSON node belongs to the one transaction body it was added to.
                    var markerGuard = stale is null ? EtcdClient.Absent(marker) : EtcdClient.Unchanged(marker, stale.ModRevision);
                    var won = await _etcd.TxnAsync(new[] { EtcdClient.Absent(key), markerGuard },
                        new[] { EtcdClient.Put(key, value, id), EtcdClient.Put(marker, HostMarker.Serialize(SubnetLeaseKey.Of(subnet), hostName), id) }, ct).ConfigureAwait(false);
                    inDoubt = "";
                    if (won)
                        return new SubnetLease
                        {
                            Subnet = subnet.ToString(), PublicIP = publicIp.ToString(), BackendType = config.Backend, TimeToLive = TimeSpan.FromSeconds(ttl),
                            LeaseId = id.ToString("x", CultureInfo.InvariantCulture), Owner = SubnetLeaseOwner.XHostNet, HostName = hostName, Action = "Claimed",
                            Key = key, Value = value, Etcd = _settings.Describe(), EtcdLease = id,
                        };
                    if ((await _etcd.GetAsync(marker, ct).ConfigureAwait(false))?.ModRevision != stale?.ModRevision) break;
                }
            }
            catch (XHostException ex) when (inDoubt.Length > 0 && ex.ErrorId == ErrorIds.EtcdUnreachable)
            {
                await RevokeQuietlyAsync(id).ConfigureAwait(false);
                throw new XHostException(XHostErrorKind.Unavailable, ErrorIds.EtcdUnreachable,
                    $"{ex.Message.TrimEnd('.')}. etcd stopped answering while {inDoubt} was being claimed for {publicIp}: the claim is whole or absent " +
                    "(one transaction), and its etcd lease was revoked if etcd still took that; request again once etcd answers and a claim that did land is reused.");
            }
            catch
            {
                await RevokeQuietlyAsync(id).ConfigureAwait(false);
                throw;
            }
            await RevokeQuietlyAsync(id).ConfigureAwait(false);
            return null;
        }

        /// <summary>Whether a host marker belongs to a live claim: the subnet key it names is there, inside the config, bound to the marker's etcd lease.</summary>
        private async Task<bool> LandedAsync(ContainerNetworkConfig config, EtcdKeyValue marker, CancellationToken ct)
        {
            var named = HostMarker.Parse(marker.Value)?.Subnet;
            var subnet = named is null ? null : SubnetLeaseKey.Parse(named);
            if (subnet is null || marker.Lease == 0 || !config.Accepts(subnet)) return false;
            var kv = await _etcd.GetAsync(SubnetKey(subnet), ct).ConfigureAwait(false);
            return kv != null && kv.Lease == marker.Lease;
        }

        /// <summary>Gives an unused etcd lease back; when etcd is gone it expires on its own, bound to no key.</summary>
        private async Task RevokeQuietlyAsync(long id)
        {
            try
            {
                using var limit = new CancellationTokenSource(_settings.RequestTimeout);
                await _etcd.RevokeAsync(id, limit.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is XHostException || ex is OperationCanceledException)
            {
            }
        }

        /// <summary>
        /// Gives a lease back: its etcd lease is revoked (taking the subnet key and XHostNet's marker with it); a
        /// reservation (no etcd lease) is deleted while unchanged since it was read. With <paramref name="publicIp"/> only
        /// while the lease is still that address's: one that expired and went to another host is not taken from it.
        /// </summary>
        public async Task ReleaseAsync(InterfaceAddress subnet, CancellationToken ct, string? publicIp = null)
        {
            var key = SubnetKey(subnet);
            var kv = await _etcd.GetAsync(key, ct).ConfigureAwait(false)
                ?? throw new XHostException(XHostErrorKind.NotFound, ErrorIds.ContainerSubnetLeaseNotFound,
                    $"etcd at {_settings.Describe()} has no lease {key} (it may have expired or been given back already).");
            if (publicIp != null && Owner(kv.Value) != publicIp)
                throw new XHostException(XHostErrorKind.NotFound, ErrorIds.ContainerSubnetLeaseNotFound,
                    $"{key} in etcd at {_settings.Describe()} is no longer {publicIp}'s (its lease expired and another host holds the subnet now); it was left alone.");
            if (kv.Lease != 0)
            {
                await _etcd.RevokeAsync(kv.Lease, ct).ConfigureAwait(false);
                return;
            }
            var deletes = new List<JsonObject> { EtcdClient.Delete(key) };
            var compares = new List<JsonObject> { EtcdClient.Unchanged(key, kv.ModRevision) };
            try
            {
                var owner = FlannelLeaseValue.Parse(kv.Value).PublicIP;
                var marker = owner.Length == 0 ? null : await _etcd.GetAsync(MarkerKey(owner), ct).ConfigureAwait(false);
                if (marker != null && HostMarker.Parse(marker.Value)?.Subnet == SubnetLeaseKey.Of(subnet))
                {
                    deletes.Add(EtcdClient.Delete(marker.Key));
                    compares.Add(EtcdClient.Unchanged(marker.Key, marker.ModRevision));
                }
            }
            catch (FormatException)
            {
                // Not a lease flanneld could read; the key alone goes.
            }
            if (!await _etcd.TxnAsync(compares, deletes, ct).ConfigureAwait(false))
                throw new XHostException(XHostErrorKind.Conflict, ErrorIds.ContainerSubnetLeaseNotFound,
                    $"{key} changed while it was being given back (another operator?); nothing was deleted. Look at it again with Get-ContainerSubnetLease.");
        }

        private static string Owner(string value)
        {
            try
            {
                return FlannelLeaseValue.Parse(value).PublicIP;
            }
            catch (FormatException)
            {
                return "";
            }
        }

        /// <summary>The config a JSON value makes, refused when flanneld would refuse it or when a lease would fall outside it (a network never shrinks under its hosts).</summary>
        public async Task<ContainerNetworkConfig> CheckConfigAsync(string json, CancellationToken ct)
        {
            var config = ContainerNetworkConfig.Parse(json, ConfigKey, _settings.Describe());
            var outside = (await ReadLeasesAsync(withTimeToLive: false, ct).ConfigureAwait(false)).Where(l => !config.Accepts(InterfaceAddress.Parse(l.Subnet))).ToList();
            if (outside.Count > 0)
                throw new XHostException(XHostErrorKind.Conflict, ErrorIds.ContainerNetworkShrink,
                    $"The new config ({config.Network}, /{config.SubnetLength}, {config.SubnetMin} to {config.SubnetMax}) leaves these leases outside it: " +
                    string.Join(", ", outside.Select(l => $"{l.Subnet} of {l.PublicIP}")) + ". Nothing was written; give those leases back first (Remove-ContainerSubnetLease) or keep them inside.");
            return config;
        }

        /// <summary>Writes the network config (checked as <see cref="CheckConfigAsync"/> does) only while the key is still as read.</summary>
        public async Task<ContainerNetworkConfig> WriteConfigAsync(string json, EtcdKeyValue? current, CancellationToken ct)
        {
            var config = await CheckConfigAsync(json, ct).ConfigureAwait(false);
            var guard = current is null ? EtcdClient.Absent(ConfigKey) : EtcdClient.Unchanged(ConfigKey, current.ModRevision);
            if (!await _etcd.TxnAsync(new[] { guard }, new[] { EtcdClient.Put(ConfigKey, json, 0) }, ct).ConfigureAwait(false))
                throw new XHostException(XHostErrorKind.Conflict, ErrorIds.ContainerNetworkConfigChanged,
                    $"{ConfigKey} changed while the new config was being written (another operator?); nothing was written. Run the command again.");
            config.Json = json;
            return config;
        }

        /// <summary>The config key as stored (null when there is none), for a compare-and-swap write.</summary>
        public Task<EtcdKeyValue?> ReadConfigKeyAsync(CancellationToken ct) => _etcd.GetAsync(ConfigKey, ct);

        public void Dispose() => _etcd.Dispose();
    }
}
