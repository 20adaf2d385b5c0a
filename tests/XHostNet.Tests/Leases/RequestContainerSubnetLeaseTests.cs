using System.Diagnostics;
using System.Text.Json;
using Xunit.Abstractions;
using XHostNet.Leases;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Leases;

/// <summary>
/// Request-ContainerSubnetLease on lab hosts against a real etcd 3.4 (one per class; each test has a prefix of its own).
/// Every outcome is read back from etcd with etcdctl and from the hosts' subnet.env files, not from the module.
/// </summary>
public sealed class RequestContainerSubnetLeaseTests : IClassFixture<SharedEtcd>
{
    private readonly SharedEtcd _etcd;
    private readonly ITestOutputHelper _out;

    public RequestContainerSubnetLeaseTests(SharedEtcd etcd, ITestOutputHelper output)
    {
        _etcd = etcd;
        _out = output;
    }

    private static List<SubnetLease> Leases(PsResult r) => r.Output.Select(o => o.BaseObject).OfType<SubnetLease>().ToList();

    [RootFact]
    public void Ten_hosts_in_one_call_get_ten_distinct_subnets()
    {
        using var lab = new LeaseLab(_etcd.Server, 10);
        lab.Config("-Network 10.203.0.0/16 -SubnetLength 24 -Backend host-gw");
        var before = lab.Hosts.Select(h => h.RoundTrips).ToList();
        var clock = Stopwatch.StartNew();
        var request = lab.Request("$h");
        clock.Stop();
        var roundTrips = lab.Hosts.Select((h, i) => h.RoundTrips - before[i]).ToList();
        _out.WriteLine($"Request-ContainerSubnetLease for 10 lab hosts in one call: {clock.Elapsed.TotalSeconds:0.00} s, round trips per host: {string.Join(",", roundTrips)}");
        // Each host is read once (address, route, subnet.env) and written once (subnet.env); etcd is asked from this machine.
        Assert.All(roundTrips, r => Assert.Equal(2, r));
        Assert.Empty(request.Errors);
        var leases = Leases(request);
        Assert.Equal(10, leases.Count);
        Assert.All(leases, l => Assert.Equal("Claimed", l.Action));
        var byIp = lab.AssertOneLeaseEach(10);
        // What the cmdlet said is what etcd holds.
        Assert.All(leases, l => Assert.Equal(byIp[l.PublicIP].Key, l.Key));
    }

    [RootFact]
    public async Task Ten_hosts_from_ten_runspaces_at_once_get_ten_distinct_subnets()
    {
        using var lab = new LeaseLab(_etcd.Server, 10);
        lab.Config("-Network 10.203.0.0/16 -SubnetLength 24 -Backend host-gw");
        var runners = new List<PowerShellRunner>();
        try
        {
            runners.AddRange(await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => new PowerShellRunner()))));
            // Every runspace plans while none has claimed yet, so all ten go for the same lowest subnet and race for it.
            using var start = new Barrier(10);
            var requests = runners.Select((ps, i) => Task.Factory.StartNew(() =>
            {
                ps.Set("s", lab.Hosts[i]);
                start.SignalAndWait();
                return ps.Run($"Request-ContainerSubnetLease -Session $s {lab.Store} -Interface eth1 -SubnetFile '{lab.SubnetFile}'");
            }, TaskCreationOptions.LongRunning)).ToList();
            var clock = Stopwatch.StartNew();
            var results = await Task.WhenAll(requests);
            _out.WriteLine($"10 runspaces requesting for one lab host each, at once: {clock.Elapsed.TotalSeconds:0.00} s from the barrier");
            Assert.All(results, r => Assert.Empty(r.Errors));
            Assert.All(results, r => Assert.Equal("Claimed", r.Single<SubnetLease>().Action));
            lab.AssertOneLeaseEach(10);
        }
        finally
        {
            foreach (var ps in runners) ps.Dispose();
        }
    }

    [RootFact]
    public void A_host_asking_again_keeps_its_lease_and_Renew_restores_the_full_time_to_live()
    {
        using var lab = new LeaseLab(_etcd.Server, 1);
        lab.Config("-Network 10.203.0.0/16 -Backend host-gw");
        var first = lab.Request("$h", "-TimeToLive 00:01:00").Single<SubnetLease>();
        Assert.Equal("Claimed", first.Action);
        var stored = Assert.Single(lab.SubnetKeys());

        var again = lab.Request("$h").Single<SubnetLease>();
        Assert.Equal(("Reused", first.Subnet, first.LeaseId), (again.Action, again.Subnet, again.LeaseId));
        // Nothing was written: same key, same etcd lease, same revision.
        var after = Assert.Single(lab.SubnetKeys());
        Assert.Equal((stored.Key, stored.Lease, stored.ModRevision), (after.Key, after.Lease, after.ModRevision));

        // Let the lease run down a few seconds, then renew it: etcd's own count goes back up to the granted 60 s.
        var until = DateTime.UtcNow + Limits.Command;
        while (_etcd.Server.TimeToLive(stored.Lease).Remaining > 56)
        {
            Assert.True(DateTime.UtcNow < until, "the lease's time to live never went down");
            Thread.Sleep(250);
        }
        var renewed = lab.Request("$h", "-Renew").Single<SubnetLease>();
        Assert.Equal(("Renewed", first.Subnet, first.LeaseId), (renewed.Action, renewed.Subnet, renewed.LeaseId));
        var (remaining, granted) = _etcd.Server.TimeToLive(stored.Lease);
        Assert.Equal(60, granted);
        Assert.True(remaining >= 58, $"after -Renew etcd says {remaining} s are left of {granted}");
    }

    [RootFact]
    public void A_host_whose_lease_expired_gets_the_subnet_its_subnet_env_names_back_when_it_is_free()
    {
        using var lab = new LeaseLab(_etcd.Server, 2);
        lab.Config("-Network 10.203.0.0/16 -Backend host-gw");
        var other = lab.Request("$h[1]").Single<SubnetLease>();
        var mine = lab.Request("$h[0]", "-TimeToLive 00:00:05").Single<SubnetLease>();
        Assert.Equal(("10.203.1.0/24", "10.203.2.0/24"), (other.Subnet, mine.Subnet));
        // The lowest subnet becomes free again, so a host that ignored its subnet.env would take it.
        Assert.Empty(lab.Ps.Run($"Remove-ContainerSubnetLease 10.203.1.0/24 {lab.Store} -Confirm:$false").Errors);
        WaitUntilGone(lab, mine.Key);

        var back = lab.Request("$h[0]").Single<SubnetLease>();
        Assert.Equal(("Claimed", "10.203.2.0/24"), (back.Action, back.Subnet));
        Assert.Equal(mine.Key, Assert.Single(lab.SubnetKeys()).Key);
    }

    [RootFact]
    public void A_lease_left_to_expire_frees_its_subnet_for_the_next_host()
    {
        using var lab = new LeaseLab(_etcd.Server, 2);
        lab.Config("-Network 10.203.0.0/16 -Backend host-gw");
        var first = lab.Request("$h[0]", "-TimeToLive 00:00:05").Single<SubnetLease>();
        Assert.Equal(2, lab.SubnetKeys().Count + lab.Markers().Count);
        WaitUntilGone(lab, first.Key);
        Assert.Empty(lab.Markers());

        var next = lab.Request("$h[1]").Single<SubnetLease>();
        Assert.Equal(("Claimed", first.Subnet), (next.Action, next.Subnet));
        Assert.Equal(LeaseLab.PublicIp(2), LeaseLab.PublicIpOf(Assert.Single(lab.SubnetKeys())));
    }

    /// <summary>Waits (a guard limit, not a timing check) until etcd has dropped the key and every marker with it.</summary>
    private static void WaitUntilGone(LeaseLab lab, string key)
    {
        var until = DateTime.UtcNow + Limits.Command;
        while (lab.SubnetKeys().Any(k => k.Key == key) || lab.Markers().Count > lab.SubnetKeys().Count)
        {
            Assert.True(DateTime.UtcNow < until, $"{key} did not expire");
            Thread.Sleep(250);
        }
    }

    [RootFact]
    public void A_claimed_lease_is_stored_exactly_in_flannels_layout_with_its_24_hour_ttl()
    {
        using var lab = new LeaseLab(_etcd.Server, 1);
        lab.Config("-Network 10.203.0.0/16 -Backend host-gw");
        var lease = lab.Request("$h").Single<SubnetLease>();
        var kv = Assert.Single(lab.SubnetKeys());
        Assert.Equal(lab.Prefix + "/subnets/10.203.1.0-24", kv.Key);
        Assert.Equal("{\"PublicIP\":\"10.201.0.1\",\"PublicIPv6\":null,\"BackendType\":\"host-gw\"}", kv.Value);
        Assert.Equal(kv.Lease.ToString("x"), lease.LeaseId);
        var (remaining, granted) = _etcd.Server.TimeToLive(kv.Lease);
        Assert.Equal(86400, granted);
        Assert.InRange(remaining, 86000, 86400);
        Assert.Equal("FLANNEL_NETWORK=10.203.0.0/16\nFLANNEL_SUBNET=10.203.1.1/24\nFLANNEL_MTU=1500\nFLANNEL_IPMASQ=false\n", lab.EnvOf(1));
    }

    [RootFact]
    public void A_lease_written_by_hand_in_flannels_format_is_respected_and_reused_by_its_host()
    {
        using var lab = new LeaseLab(_etcd.Server, 3);
        lab.Config("-Network 10.203.0.0/16 -Backend host-gw");
        var etcd = _etcd.Server;
        var id = etcd.Grant(600);
        var key = lab.Prefix + "/subnets/10.203.1.0-24";
        const string value = "{\"PublicIP\":\"10.201.0.2\",\"PublicIPv6\":null,\"BackendType\":\"vxlan\",\"BackendData\":{\"VNI\":1,\"VtepMAC\":\"c6:d2:32:6f:8f:44\"}}";
        etcd.Etcdctl("put", "--lease=" + id.ToString("x"), key, value);
        var written = Assert.Single(lab.SubnetKeys());

        var others = Leases(lab.Request("@($h[0], $h[2])"));
        Assert.Equal(new[] { "10.203.2.0/24", "10.203.3.0/24" }, others.Select(l => l.Subnet).OrderBy(s => s));

        var shown = lab.Ps.Run($"Get-ContainerSubnetLease 10.203.1.0/24 {lab.Store}").Single<SubnetLease>();
        Assert.Equal((SubnetLeaseOwner.Flannel, "10.201.0.2", "vxlan", id.ToString("x")), (shown.Owner, shown.PublicIP, shown.BackendType, shown.LeaseId));
        Assert.NotNull(shown.TimeToLive);
        Assert.InRange(shown.TimeToLive!.Value.TotalSeconds, 1, 600);

        var reused = lab.Request("$h[1]").Single<SubnetLease>();
        Assert.Equal(("Reused", "10.203.1.0/24", SubnetLeaseOwner.Flannel), (reused.Action, reused.Subnet, reused.Owner));
        var after = lab.SubnetKeys().Single(k => k.Key == key);
        Assert.Equal((value, id, written.ModRevision), (after.Value, after.Lease, after.ModRevision));
        // flannel's lease has no marker of XHostNet's, and gets none.
        Assert.DoesNotContain(lab.Markers(), m => m.Key.EndsWith("/10.201.0.2"));
        Assert.Contains("FLANNEL_SUBNET=10.203.1.1/24\n", lab.EnvOf(2));
    }

    [RootFact]
    public void A_network_of_four_subnets_serves_four_hosts_and_refuses_the_fifth()
    {
        using var lab = new LeaseLab(_etcd.Server, 5);
        lab.Config("-Network 10.203.0.0/22 -SubnetLength 24 -SubnetMin 10.203.0.0 -Backend host-gw");
        var four = lab.Request("$h[0..3]");
        Assert.Empty(four.Errors);
        Assert.Equal(new[] { "10.203.0.0/24", "10.203.1.0/24", "10.203.2.0/24", "10.203.3.0/24" }, Leases(four).Select(l => l.Subnet).OrderBy(s => s));
        lab.AssertOneLeaseEach(4);

        var fifth = lab.Request("$h[4]");
        Assert.Empty(fifth.Output);
        Assert.Equal(ErrorIds.ContainerSubnetsExhausted, fifth.ErrorId());
        var message = fifth.Errors[0].Exception.Message;
        Assert.Contains("10.203.0.0/22", message);
        Assert.Contains("Nothing was claimed", message);
        Assert.Equal(4, lab.SubnetKeys().Count);
        Assert.DoesNotContain(lab.Markers(), m => m.Key.EndsWith("/" + LeaseLab.PublicIp(5)));
        Assert.Null(lab.EnvOf(5));
    }

    [RootFact]
    public void Five_hosts_at_once_in_a_network_of_four_get_four_subnets_and_one_clear_refusal()
    {
        using var lab = new LeaseLab(_etcd.Server, 5);
        lab.Config("-Network 10.203.0.0/22 -SubnetLength 24 -SubnetMin 10.203.0.0 -Backend host-gw");
        // All five plan a free subnet, then race: the loser tries every other one, reads again and finds none.
        var five = lab.Request("$h");
        Assert.Equal(4, Leases(five).Count);
        Assert.Equal(ErrorIds.ContainerSubnetsExhausted, five.ErrorId());
        var refused = Assert.IsType<XHostNet.Sessions.XHostSession>(five.Errors[0].TargetObject);
        var n = lab.Hosts.ToList().FindIndex(h => h.Host == refused.Host) + 1;
        Assert.Equal(4, lab.SubnetKeys().Count);
        Assert.Equal(4, lab.Markers().Count);
        Assert.DoesNotContain(lab.SubnetKeys(), k => LeaseLab.PublicIpOf(k) == LeaseLab.PublicIp(n));
        Assert.Null(lab.EnvOf(n));
    }

    [RootFact]
    public async Task Two_operators_requesting_for_one_host_at_once_end_with_one_lease()
    {
        using var lab = new LeaseLab(_etcd.Server, 1);
        lab.Config("-Network 10.203.0.0/16 -Backend host-gw");
        using var a = new PowerShellRunner();
        using var b = new PowerShellRunner();
        using var start = new Barrier(2);
        var requests = new[] { a, b }.Select(ps => Task.Factory.StartNew(() =>
        {
            ps.Set("s", lab.Hosts[0]);
            start.SignalAndWait();
            return ps.Run($"Request-ContainerSubnetLease -Session $s {lab.Store} -Interface eth1 -SubnetFile '{lab.SubnetFile}'");
        }, TaskCreationOptions.LongRunning)).ToList();
        var leases = (await Task.WhenAll(requests)).Select(r => r.Single<SubnetLease>()).ToList();
        Assert.Single(leases.Select(l => (l.Subnet, l.LeaseId)).Distinct());
        Assert.Contains(leases, l => l.Action == "Claimed");
        lab.AssertOneLeaseEach(1);
    }

    [RootFact]
    public void A_marker_left_over_after_its_subnet_key_was_deleted_by_hand_gives_way_to_a_new_claim()
    {
        using var lab = new LeaseLab(_etcd.Server, 1);
        lab.Config("-Network 10.203.0.0/16 -Backend host-gw");
        var first = lab.Request("$h").Single<SubnetLease>();
        _etcd.Server.Etcdctl("del", first.Key);
        var old = Assert.Single(lab.Markers());

        var again = lab.Request("$h");
        Assert.Empty(again.Errors);
        Assert.Equal(("Claimed", first.Subnet), (again.Single<SubnetLease>().Action, again.Single<SubnetLease>().Subnet));
        var byIp = lab.AssertOneLeaseEach(1);
        Assert.NotEqual(old.Lease, byIp[LeaseLab.PublicIp(1)].Lease);
        var shown = lab.Ps.Run($"Get-ContainerSubnetLease {lab.Store}").Single<SubnetLease>();
        Assert.Equal((SubnetLeaseOwner.XHostNet, lab.Hosts[0].Host), (shown.Owner, shown.HostName));
    }

    [RootFact]
    public void WhatIf_for_several_hosts_shows_each_its_own_subnet_and_the_run_gives_exactly_those()
    {
        using var lab = new LeaseLab(_etcd.Server, 3);
        lab.Config("-Network 10.203.0.0/16 -Backend host-gw");
        var whatIf = lab.Request("$h", "-WhatIf");
        Assert.Empty(whatIf.Errors);
        for (var n = 1; n <= 3; n++) Assert.Contains($"claim 10.203.{n}.0/24 for 10.201.0.{n}", whatIf.HostText);
        Assert.Empty(lab.SubnetKeys());
        // The hosts of one call do not race each other: each claims what the plan showed it.
        var run = lab.Request("$h");
        Assert.Empty(run.Errors);
        Assert.Equal(new[] { "10.201.0.1 10.203.1.0/24", "10.201.0.2 10.203.2.0/24", "10.201.0.3 10.203.3.0/24" },
            Leases(run).Select(l => $"{l.PublicIP} {l.Subnet}").OrderBy(t => t));
    }

    [RootFact]
    public void WhatIf_names_the_claim_and_the_file_and_changes_nothing()
    {
        using var lab = new LeaseLab(_etcd.Server, 1);
        lab.Config("-Network 10.203.0.0/16 -Backend host-gw");
        var whatIf = lab.Request("$h", "-WhatIf");
        Assert.Empty(whatIf.Errors);
        Assert.Contains("claim 10.203.1.0/24 for 10.201.0.1", whatIf.HostText);
        Assert.Empty(lab.SubnetKeys());
        Assert.Empty(lab.Markers());
        Assert.Null(lab.EnvOf(1));
    }
}
