using System.Text.Json;
using XHostNet.Network;
using XHostNet.Reachability;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Network;

/// <summary>
/// Connect-XHostNetwork -SubnetStore on a 3-host lab against a real etcd holding one lease written by hand in flannel's
/// format: every outcome checked independently of the module (etcdctl, ip -j in the hosts' namespaces, the files).
/// </summary>
public sealed class XHostNetworkSubnetStoreLabTests : IDisposable
{
    private const string Subnets = "/coreos.com/network/subnets/";
    private const string FlannelKey = Subnets + "10.203.1.0-24";

    private readonly PowerShellRunner _ps = new();
    private readonly string _name = "xs" + Guid.NewGuid().ToString("N")[..6];
    private readonly EtcdServer _etcd = new();

    private string Records => $"/run/xhostnet/labs/{_name}/net/{{host}}";
    private string SubnetFile => $"/run/xhostnet/labs/{_name}/flannel/{{host}}.env";
    private string Host(int n) => $"{_name}-h{n}";

    public XHostNetworkSubnetStoreLabTests()
    {
        Assert.Empty(_ps.Run($"$h = New-XHostLab 3 -Name {_name}").Errors);
        _etcd.Etcdctl("put", "/coreos.com/network/config", """{"Network":"10.203.0.0/16","SubnetLen":24,"Backend":{"Type":"host-gw"}}""");
        // flanneld's own lease, as it writes it: the lowest subnet, bound to an etcd lease of its own.
        var grant = _etcd.Etcdctl("lease", "grant", "3600");
        var id = grant.Split(' ')[1];
        _etcd.Etcdctl("put", "--lease=" + id, FlannelKey, """{"PublicIP":"10.201.0.99","PublicIPv6":null,"BackendType":"host-gw"}""");
    }

    private PsResult Connect(string extra = "") =>
        _ps.Run($"Connect-XHostNetwork -Session $h -Mode HostRoutes -SubnetStore {_etcd.Endpoint} -SubnetFile '{SubnetFile}' -Name lab -RecordDirectory '{Records}' -Verbose {extra}");

    /// <summary>The lease keys under the prefix with their values, as etcdctl prints them.</summary>
    private Dictionary<string, string> Leases()
    {
        var lines = _etcd.Etcdctl("get", "--prefix", Subnets).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return Enumerable.Range(0, lines.Length / 2).ToDictionary(i => lines[2 * i], i => lines[2 * i + 1]);
    }

    private long Revision() => JsonDocument.Parse(_etcd.Etcdctl("get", "/coreos.com/network/config", "-w", "json")).RootElement.GetProperty("header").GetProperty("revision").GetInt64();

    /// <summary>{host} is the session's host label with ':' made '_': netns_NAME-hN.</summary>
    private string FileOf(int n) => $"/run/xhostnet/labs/{_name}/flannel/netns_{Host(n)}.env";

    private static List<XHostNetworkResult> Results(PsResult r) => r.Output.Select(o => o.BaseObject).OfType<XHostNetworkResult>().ToList();

    [RootFact]
    public void Three_hosts_lease_subnets_beside_flannels_reuse_them_on_a_rerun_and_give_them_back_on_disconnect()
    {
        // The network is the store's: another one is refused before anything is read or changed.
        Assert.Equal(ErrorIds.NetworkSubnetStoreInvalid, _ps.ErrorIdOf(
            $"Connect-XHostNetwork -Session $h -Mode HostRoutes -ContainerNetwork 10.202.0.0/16 -SubnetStore {_etcd.Endpoint} -RecordDirectory '{Records}'"));
        Assert.Equal(ErrorIds.NetworkSubnetStoreInvalid, _ps.ErrorIdOf($"Connect-XHostNetwork -Session $h -Mode HostRoutes -RecordDirectory '{Records}'"));
        Assert.Null(Sh.Link(Host(1), "br0"));

        // -WhatIf: the subnet each host would get, and nothing claimed or changed.
        var whatIf = Connect("-WhatIf");
        Assert.Empty(whatIf.Errors);
        foreach (var subnet in new[] { "10.203.2.0/24", "10.203.3.0/24", "10.203.4.0/24" }) Assert.Contains($"claim {subnet} for 10.201.0.", whatIf.HostText);
        Assert.Contains("FLANNEL_SUBNET=10.203.2.1/24", whatIf.HostText);
        Assert.Equal(new[] { FlannelKey }, Leases().Keys);
        Assert.Null(Sh.Link(Host(1), "br0"));
        Assert.False(File.Exists(FileOf(1)));

        // The same network given as well is fine; each host leases a /24 none of which is flannel's.
        var connect = Connect("-ContainerNetwork 10.203.0.0/16");
        Assert.Empty(connect.Errors);
        var results = Results(connect);
        Assert.Equal(new[] { "10.203.2.0/24", "10.203.3.0/24", "10.203.4.0/24" }, results.Select(r => r.Subnet));
        Assert.All(results, r => Assert.Equal((true, 2L), (r.Changed, r.RoundTrips)));
        var pings = connect.Output.Select(o => o.BaseObject).OfType<ReachabilityResult>().ToList();
        Assert.Equal(6, pings.Count);
        Assert.All(pings, p => Assert.True(p.Success, $"{p.Source} → {p.Target}: {p.Error}"));

        // etcd: flannel's lease untouched, one lease per host in flannel's format with its underlay address as PublicIP.
        var leases = Leases();
        Assert.Equal(4, leases.Count);
        Assert.Contains("10.201.0.99", leases[FlannelKey]);
        for (var n = 1; n <= 3; n++)
        {
            var value = JsonDocument.Parse(leases[$"{Subnets}10.203.{n + 1}.0-24"]).RootElement;
            Assert.Equal(($"10.201.0.{n}", "host-gw"), (value.GetProperty("PublicIP").GetString(), value.GetProperty("BackendType").GetString()));
            Assert.Equal($"FLANNEL_NETWORK=10.203.0.0/16\nFLANNEL_SUBNET=10.203.{n + 1}.1/24\nFLANNEL_MTU=1500\nFLANNEL_IPMASQ=false\n", File.ReadAllText(FileOf(n)));
        }
        // The kernel agrees: host 1 routes host 2's leased subnet via host 2's PublicIP (what a flannel host-gw host does too).
        var route = JsonDocument.Parse(Sh.Ok("ip", "-n", Host(1), "-j", "route", "show", "10.203.3.0/24")).RootElement.EnumerateArray().Single();
        Assert.Equal("10.201.0.2", route.GetProperty("gateway").GetString());
        // Get-FlannelSubnet reads what Connect wrote, as it reads flanneld's file.
        var flannel = _ps.Run($"Get-FlannelSubnet '{FileOf(1)}' -Session $h[0]");
        Assert.Empty(flannel.Errors);
        Assert.Contains("10.203.2.1/24", flannel.Output[0].Properties["Bip"].Value.ToString());

        // A re-run changes nothing: one round trip a host, not one write to etcd.
        var revision = Revision();
        var again = Connect("-SkipReachabilityTest");
        Assert.Empty(again.Errors);
        Assert.All(Results(again), r => Assert.Equal((false, 1L, $"{Subnets}10.203.{Results(again).IndexOf(r) + 2}.0-24"), (r.Changed, r.RoundTrips, r.Lease)));
        Assert.Equal(revision, Revision());

        // Get-XHostNetwork shows the lease from the record.
        var get = _ps.Run($"Get-XHostNetwork lab -Session $h[1] -RecordDirectory '{Records}'");
        Assert.Empty(get.Errors);
        var network = get.Single<XHostNetwork>();
        Assert.Equal(($"{Subnets}10.203.3.0-24", _etcd.Endpoint, true), (network.Lease!.Key, network.Lease.Etcd, network.Lease.Claimed));
        Assert.True(network.InSync);

        // Disconnect gives back what the network claimed (flannel's lease stays) and removes the subnet.env files it wrote.
        var disconnect = _ps.Run($"Disconnect-XHostNetwork lab -Session $h -RecordDirectory '{Records}' -Confirm:$false -Verbose");
        Assert.Empty(disconnect.Errors);
        Assert.Equal(new[] { FlannelKey }, Leases().Keys);
        Assert.Empty(_etcd.Etcdctl("get", "--prefix", "/coreos.com/network/xhostnet/").Trim());
        for (var n = 1; n <= 3; n++) Assert.False(File.Exists(FileOf(n)));
        Assert.Null(Sh.Link(Host(1), "br0"));
    }

    [RootFact]
    public void Disconnect_KeepLease_keeps_the_leases_and_a_reconnect_gets_the_same_subnets_while_a_lease_held_before_is_only_used()
    {
        // Host 3 held a lease already (Request-ContainerSubnetLease's): Connect uses it and Disconnect leaves it.
        Assert.Empty(_ps.Run($"Request-ContainerSubnetLease -Session $h[2] -Etcd {_etcd.Endpoint} -Interface eth1 -SubnetFile '{SubnetFile}' -Confirm:$false").Errors);
        var held = Assert.Single(Leases().Keys, k => k != FlannelKey);

        var connect = Connect("-SkipReachabilityTest");
        Assert.Empty(connect.Errors);
        var subnets = Results(connect).Select(r => r.Subnet).ToList();
        Assert.Equal(held, $"{Subnets}{subnets[2]!.Replace('/', '-')}");
        Assert.Equal(new[] { "claim lease", "claim lease", null }, Results(connect).Select(r => r.Changes.FirstOrDefault(c => c.StartsWith("claim lease"))?[..11]));

        Assert.Empty(_ps.Run($"Disconnect-XHostNetwork lab -Session $h -RecordDirectory '{Records}' -KeepLease -Confirm:$false").Errors);
        Assert.Equal(4, Leases().Count);
        Assert.True(File.Exists(FileOf(1)));

        // Connecting again finds each host's lease by its address: the same subnets, nothing claimed.
        var again = Connect("-SkipReachabilityTest");
        Assert.Empty(again.Errors);
        Assert.Equal(subnets, Results(again).Select(r => r.Subnet));
        Assert.DoesNotContain(Results(again).SelectMany(r => r.Changes), c => c.StartsWith("claim lease"));

        // Kept leases are the hosts' now, as Request-ContainerSubnetLease's are: this network only used them, so they stay.
        Assert.Empty(_ps.Run($"Disconnect-XHostNetwork lab -Session $h -RecordDirectory '{Records}' -Confirm:$false").Errors);
        Assert.Equal(4, Leases().Count);
        Assert.True(File.Exists(FileOf(1)));
    }

    [RootFact]
    public void A_host_whose_change_fails_gives_its_claim_back_and_the_others_connect()
    {
        // Host 2's subnet.env is a link to /dev/null: it reads (empty), and the write refuses anything but a regular file,
        // so host 2's batch fails after its claim and is undone.
        Directory.CreateDirectory(Path.GetDirectoryName(FileOf(2))!);
        File.CreateSymbolicLink(FileOf(2), "/dev/null");
        var connect = Connect("-SkipReachabilityTest");
        var results = Results(connect);
        Assert.Equal(3, results.Count);
        Assert.NotNull(results[1].Error);
        Assert.Null(Sh.Link(Host(2), "br0"));
        Assert.Equal((true, true), (results[0].Changed, results[2].Changed));
        // Its claim went back: etcd holds flannel's lease and the two connected hosts' only.
        Assert.Equal(new[] { FlannelKey, $"{Subnets}10.203.2.0-24", $"{Subnets}10.203.4.0-24" }, Leases().Keys.OrderBy(k => k, StringComparer.Ordinal));
    }

    [RootFact]
    public void Over_tls_the_leases_go_back_only_with_the_client_certificate_and_without_it_the_error_names_the_key()
    {
        using var tls = new EtcdServer(tls: true);
        tls.Etcdctl("put", "/coreos.com/network/config", """{"Network":"10.203.0.0/16","SubnetLen":24,"Backend":{"Type":"host-gw"}}""");
        var files = $"-EtcdCa {tls.CaFile} -EtcdCertificate {tls.CertificateFile} -EtcdKey {tls.KeyFile}";
        string Keys() => tls.Etcdctl("get", "--prefix", "--keys-only", Subnets).Trim();
        var connect = _ps.Run($"Connect-XHostNetwork -Session $h -Mode HostRoutes -SubnetStore {tls.Endpoint} {files} -SubnetFile '{SubnetFile}' -Name lab -RecordDirectory '{Records}' -SkipReachabilityTest");
        Assert.Empty(connect.Errors);
        Assert.Equal(3, Keys().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        // Without the certificate etcd refuses: each host is disconnected, and its error names the lease to give back.
        var refused = _ps.Run($"Disconnect-XHostNetwork lab -Session $h[0] -RecordDirectory '{Records}' -Confirm:$false");
        Assert.Equal(ErrorIds.EtcdUnreachable, refused.ErrorId());
        Assert.Contains($"Remove-ContainerSubnetLease -Etcd {tls.Endpoint} -Subnet 10.203.1.0/24", refused.Errors[0].Exception.Message);
        Assert.Null(Sh.Link(Host(1), "br0"));
        Assert.Contains($"{Subnets}10.203.1.0-24", Keys());
        // With it, the others' go back.
        Assert.Empty(_ps.Run($"Disconnect-XHostNetwork lab -Session $h[1], $h[2] -RecordDirectory '{Records}' {files} -Confirm:$false").Errors);
        Assert.Equal($"{Subnets}10.203.1.0-24", Keys());
    }

    public void Dispose()
    {
        _ps.Run($"Remove-XHostLab {_name}");
        _ps.Dispose();
        _etcd.Dispose();
        if (Directory.Exists($"/run/xhostnet/labs/{_name}")) Directory.Delete($"/run/xhostnet/labs/{_name}", recursive: true);
    }
}
