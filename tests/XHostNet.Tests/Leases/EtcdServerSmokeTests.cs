using XHostNet.Leases;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Leases;

public sealed class EtcdServerSmokeTests
{
    [RootFact]
    public async Task Etcd_with_tls_answers_the_store_with_the_client_certificate()
    {
        using var etcd = new EtcdServer(tls: true);
        etcd.Etcdctl("put", "/coreos.com/network/config", "{\"Network\":\"10.205.0.0/16\"}");
        using var store = new SubnetLeaseStore(new EtcdSettings
        {
            Endpoints = new[] { new Uri(etcd.Endpoint) }, CaFile = etcd.CaFile, CertificateFile = etcd.CertificateFile, KeyFile = etcd.KeyFile,
        });
        var config = await store.ReadConfigAsync(CancellationToken.None);
        Assert.Equal("10.205.1.0", config.SubnetMin);
        using var noCert = new SubnetLeaseStore(new EtcdSettings { Endpoints = new[] { new Uri(etcd.Endpoint) }, CaFile = etcd.CaFile });
        var refused = await Assert.ThrowsAsync<XHostException>(() => noCert.ReadConfigAsync(CancellationToken.None));
        Assert.Equal(ErrorIds.EtcdUnreachable, refused.ErrorId);
    }
}
