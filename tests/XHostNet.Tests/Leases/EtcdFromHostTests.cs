using XHostNet.Leases;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Leases;

/// <summary>
/// -EtcdFromHost: an etcd only a host reaches (here: etcd's loopback URL, 127.0.0.1 inside its own namespace) is used
/// through a session into that host, each call a curl there; over http and over TLS with the host's certificate files.
/// </summary>
public sealed class EtcdFromHostTests : IClassFixture<SharedEtcd>, IClassFixture<SharedTlsEtcd>
{
    private readonly SharedEtcd _plain;
    private readonly SharedTlsEtcd _tls;

    public EtcdFromHostTests(SharedEtcd plain, SharedTlsEtcd tls)
    {
        _plain = plain;
        _tls = tls;
    }

    [RootFact]
    public void Over_http_the_hosts_curl_reaches_etcd_on_its_loopback() => RequestFromHost(_plain.Server);

    [RootFact]
    public void Over_tls_the_hosts_curl_uses_the_client_certificate() => RequestFromHost(_tls.Server);

    private static void RequestFromHost(EtcdServer etcd)
    {
        using var lab = new LeaseLab(etcd, 0);
        var tls = etcd.Tls ? $" -EtcdCertificate {etcd.CertificateFile} -EtcdKey {etcd.KeyFile} -EtcdCa {etcd.CaFile}" : "";
        var store = $"-Etcd {etcd.LoopbackEndpoint} -Prefix {lab.Prefix} -EtcdFromHost -Session $e{tls}";
        lab.Ps.Set("ns", etcd.Namespace);
        Assert.Empty(lab.Ps.Run("$e = New-XHostSession -NetworkNamespace $ns").Errors);
        var set = lab.Ps.Run($"Set-ContainerNetworkConfig -Network 10.203.0.0/16 -Backend host-gw {store}");
        Assert.Empty(set.Errors);

        var request = lab.Ps.Run($"Request-ContainerSubnetLease {store} -Interface etcd0 -SubnetFile '{lab.SubnetFile}'");
        Assert.Empty(request.Errors);
        var lease = request.Single<SubnetLease>();
        Assert.Equal(("Claimed", "10.203.1.0/24", etcd.Address.ToString()), (lease.Action, lease.Subnet, lease.PublicIP));
        Assert.Contains($"(from host '{lease.Session!.Host}')", lease.Etcd);

        // etcd itself, asked from this machine, holds the lease; the host has its subnet.env.
        var kv = Assert.Single(etcd.Keys(lab.Prefix + "/subnets/"));
        Assert.Equal($"{{\"PublicIP\":\"{etcd.Address}\",\"PublicIPv6\":null,\"BackendType\":\"host-gw\"}}", kv.Value);
        var env = File.ReadAllText(new SubnetLeaseOptions { SubnetFile = lab.SubnetFile }.SubnetFileFor(lease.Session));
        Assert.Contains("FLANNEL_SUBNET=10.203.1.1/24\n", env);

        var shown = lab.Ps.Run($"Get-ContainerSubnetLease {store}").Single<SubnetLease>();
        Assert.Equal((SubnetLeaseOwner.XHostNet, "10.203.1.0/24"), (shown.Owner, shown.Subnet));
        Assert.InRange(shown.TimeToLive!.Value.TotalSeconds, 86000, 86400);
    }
}
