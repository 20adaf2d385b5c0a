using System.Net;
using XHostNet.Leases;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Leases;

/// <summary>Remove-ContainerSubnetLease against a real etcd, every outcome read back with etcdctl.</summary>
public sealed class RemoveContainerSubnetLeaseTests : IClassFixture<SharedEtcd>
{
    private readonly SharedEtcd _etcd;

    public RemoveContainerSubnetLeaseTests(SharedEtcd etcd) => _etcd = etcd;

    /// <summary>A lease XHostNet claimed for a host at <paramref name="publicIp"/> (the store's own claim; no host is needed for it).</summary>
    private static async Task<SubnetLease> Claim(LeaseLab lab, string publicIp)
    {
        using var store = new SubnetLeaseStore(new EtcdSettings { Endpoints = new[] { new Uri(lab.Etcd.Endpoint) }, Prefix = lab.Prefix });
        return await store.RequestAsync(IPAddress.Parse(publicIp), "h", null, TimeSpan.FromMinutes(10), renew: false, preferred: null, new List<string>(), CancellationToken.None);
    }

    private LeaseLab NewLab()
    {
        var lab = new LeaseLab(_etcd.Server, 0);
        lab.Etcd.Etcdctl("put", lab.Prefix + "/config", "{\"Network\":\"10.204.0.0/16\",\"Backend\":{\"Type\":\"host-gw\"}}");
        return lab;
    }

    [RootFact]
    public async Task Removing_an_XHostNet_lease_revokes_it_and_WhatIf_changes_nothing()
    {
        using var lab = NewLab();
        var lease = await Claim(lab, "10.201.0.8");
        var id = Assert.Single(lab.SubnetKeys()).Lease;
        Assert.Single(lab.Markers());

        var whatIf = lab.Ps.Run($"Remove-ContainerSubnetLease {lease.Subnet} {lab.Store} -WhatIf");
        Assert.Empty(whatIf.Errors);
        Assert.Contains($"revoke etcd lease {id:x}, which deletes {lab.Prefix}/subnets/10.204.1.0-24 and XHostNet's host marker", whatIf.HostText);
        Assert.Single(lab.SubnetKeys());
        Assert.Single(lab.Markers());

        var removed = lab.Ps.Run($"Remove-ContainerSubnetLease {lease.Subnet} {lab.Store} -Confirm:$false");
        Assert.Empty(removed.Errors);
        Assert.Empty(lab.SubnetKeys());
        Assert.Empty(lab.Markers());
        Assert.Equal(-1, lab.Etcd.TimeToLive(id).Remaining);
    }

    [RootFact]
    public void A_reservation_is_deleted_and_a_lease_from_Get_pipes_in()
    {
        using var lab = NewLab();
        lab.Etcd.Etcdctl("put", lab.Prefix + "/subnets/10.204.7.0-24", "{\"PublicIP\":\"10.201.0.7\",\"PublicIPv6\":null,\"BackendType\":\"host-gw\"}");
        var flannels = lab.Etcd.Grant(600);
        lab.Etcd.Etcdctl("put", "--lease=" + flannels.ToString("x"), lab.Prefix + "/subnets/10.204.8.0-24", "{\"PublicIP\":\"10.201.0.8\",\"PublicIPv6\":null,\"BackendType\":\"host-gw\"}");

        var whatIf = lab.Ps.Run($"Remove-ContainerSubnetLease 10.204.7.0/24 {lab.Store} -WhatIf");
        Assert.Contains("(a reservation of 10.201.0.7, bound to no etcd lease)", whatIf.HostText);
        Assert.Equal(2, lab.SubnetKeys().Count);

        var removed = lab.Ps.Run($"Get-ContainerSubnetLease {lab.Store} | Remove-ContainerSubnetLease {lab.Store} -Confirm:$false");
        Assert.Empty(removed.Errors);
        Assert.Empty(lab.SubnetKeys());
        Assert.Equal(-1, lab.Etcd.TimeToLive(flannels).Remaining);
    }

    [RootFact]
    public async Task An_unknown_subnet_is_ContainerSubnetLeaseNotFound_and_the_others_stay()
    {
        using var lab = NewLab();
        await Claim(lab, "10.201.0.8");
        var missing = lab.Ps.Run($"Remove-ContainerSubnetLease 10.204.200.0/24 {lab.Store} -Confirm:$false");
        Assert.Equal(ErrorIds.ContainerSubnetLeaseNotFound, missing.ErrorId());
        Assert.Equal("10.204.200.0/24", missing.Errors[0].TargetObject?.ToString());
        Assert.Single(lab.SubnetKeys());
        Assert.Single(lab.Markers());
    }
}
