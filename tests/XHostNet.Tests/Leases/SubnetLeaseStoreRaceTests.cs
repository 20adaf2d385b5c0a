using System.Net;
using System.Text.Json;
using XHostNet.Leases;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Leases;

/// <summary>
/// A claim that loses its first candidate to another claim goes on to the next one, against a real etcd. The other
/// claim is made by etcdctl at the very moment this claim sends its first transaction, so the race is lost every time.
/// </summary>
public sealed class SubnetLeaseStoreRaceTests
{
    [RootFact]
    public async Task A_claim_that_loses_its_first_subnet_takes_the_next_free_one()
    {
        using var etcd = new EtcdServer();
        etcd.Etcdctl("put", "/coreos.com/network/config", "{\"Network\":\"10.205.0.0/16\",\"Backend\":{\"Type\":\"vxlan\"}}");
        var settings = new EtcdSettings { Endpoints = new[] { new Uri(etcd.Endpoint) } };
        var transport = new FirstTransactionLoses(new HttpEtcdTransport(settings),
            () => etcd.Etcdctl("put", "/coreos.com/network/subnets/10.205.1.0-24", "{\"PublicIP\":\"10.201.0.99\",\"PublicIPv6\":null,\"BackendType\":\"vxlan\"}"));
        using var store = new SubnetLeaseStore(settings, new EtcdClient(transport));

        var lease = await store.RequestAsync(IPAddress.Parse("10.201.0.1"), "h1", null, TimeSpan.FromMinutes(5), renew: false, preferred: null, new List<string>(), CancellationToken.None);

        Assert.Equal("10.205.2.0/24", lease.Subnet);
        Assert.Equal("Claimed", lease.Action);
        Assert.Equal(2, transport.Transactions);
        Assert.Contains("/coreos.com/network/subnets/10.205.2.0-24", etcd.Etcdctl("get", "--prefix", "--keys-only", "/coreos.com/network/subnets/"));
    }

    /// <summary>The real transport, with another operator's write just before the first transaction.</summary>
    private sealed class FirstTransactionLoses(IEtcdTransport inner, Action otherClaim) : IEtcdTransport
    {
        public int Transactions { get; private set; }

        public Task<JsonElement> CallAsync(string method, string body, CancellationToken ct)
        {
            if (method == "kv/txn" && Transactions++ == 0) otherClaim();
            return inner.CallAsync(method, body, ct);
        }

        public void Dispose() => inner.Dispose();
    }
}
