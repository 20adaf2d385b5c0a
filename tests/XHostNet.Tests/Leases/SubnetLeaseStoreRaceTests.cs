using System.Net;
using XHostNet.Leases;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Leases;

/// <summary>
/// The store's claims where a race decides, made to happen every time: a second claim runs to its end at an exact step
/// of the first (HookedEtcdTransport), against a real etcd; the outcome is read back with etcdctl.
/// </summary>
public sealed class SubnetLeaseStoreRaceTests : IClassFixture<SharedEtcd>
{
    private readonly SharedEtcd _etcd;

    public SubnetLeaseStoreRaceTests(SharedEtcd etcd) => _etcd = etcd;

    private static EtcdSettings Settings(LeaseLab lab) => new() { Endpoints = new[] { new Uri(lab.Etcd.Endpoint) }, Prefix = lab.Prefix };

    private static Task<SubnetLease> Claim(SubnetLeaseStore store, string publicIp) =>
        store.RequestAsync(IPAddress.Parse(publicIp), publicIp, null, TimeSpan.FromMinutes(10), renew: false, preferred: null, new List<string>(), CancellationToken.None);

    /// <summary>A store whose first call of <paramref name="method"/> waits for <paramref name="meanwhile"/> to finish first.</summary>
    private static SubnetLeaseStore Interrupted(LeaseLab lab, string method, Func<Task> meanwhile) =>
        new(Settings(lab), new EtcdClient(new HookedEtcdTransport(new HttpEtcdTransport(Settings(lab)), method, () => meanwhile().GetAwaiter().GetResult())));

    /// <summary>Every etcd lease etcd has (etcdctl lease list: a heading, then one hex id a line).</summary>
    private static IEnumerable<string> Leases(LeaseLab lab) =>
        lab.Etcd.Etcdctl("lease", "list").Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Trim()).ToList();

    private LeaseLab NewLab()
    {
        var lab = new LeaseLab(_etcd.Server, 0);
        lab.Etcd.Etcdctl("put", lab.Prefix + "/config", "{\"Network\":\"10.204.0.0/16\",\"Backend\":{\"Type\":\"host-gw\"}}");
        return lab;
    }

    [RootFact]
    public async Task A_claim_that_loses_its_subnet_to_another_host_takes_the_next_free_one()
    {
        using var lab = NewLab();
        using var other = new SubnetLeaseStore(Settings(lab));
        // Just before this claim's transaction, another host takes the subnet it is about to claim.
        using var store = Interrupted(lab, "kv/txn", () => Claim(other, "10.201.0.2"));
        var mine = await Claim(store, "10.201.0.1");
        Assert.Equal(("Claimed", "10.204.2.0/24"), (mine.Action, mine.Subnet));
        var byIp = lab.SubnetKeys().ToDictionary(LeaseLab.PublicIpOf, k => k.Key);
        Assert.Equal(lab.Prefix + "/subnets/10.204.1.0-24", byIp["10.201.0.2"]);
        Assert.Equal(lab.Prefix + "/subnets/10.204.2.0-24", byIp["10.201.0.1"]);
        Assert.Equal(2, lab.Markers().Count);
    }

    [RootFact]
    public async Task A_claim_for_a_host_whose_lease_landed_since_it_read_reuses_that_lease()
    {
        using var lab = NewLab();
        using var other = new SubnetLeaseStore(Settings(lab));
        SubnetLease? first = null;
        var leasesBefore = Leases(lab);
        // This claim has read the leases (none for the host); before it asks for its etcd lease, another operator's claim
        // for the same host lands, marker and all.
        using var store = Interrupted(lab, "lease/grant", async () => first = await Claim(other, "10.201.0.1"));
        var mine = await Claim(store, "10.201.0.1");
        Assert.NotNull(first);
        Assert.Equal(("Reused", first!.Subnet, first.LeaseId), (mine.Action, mine.Subnet, mine.LeaseId));
        var kv = Assert.Single(lab.SubnetKeys());
        Assert.Equal(kv.Lease, Assert.Single(lab.Markers()).Lease);
        // The etcd lease this claim was granted and did not use is given back: etcd has one more lease, the one in use.
        Assert.Equal(leasesBefore.Append(kv.Lease.ToString("x")).OrderBy(l => l), Leases(lab).OrderBy(l => l));
    }
}
