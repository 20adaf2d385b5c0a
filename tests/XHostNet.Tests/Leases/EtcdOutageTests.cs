using XHostNet.Leases;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Leases;

/// <summary>
/// An etcd that cannot be reached, or stops in the middle of a request: a clear EtcdUnreachable, and afterwards etcd
/// holds no half claim (a subnet key without its marker or the other way round) and the host no subnet.env. Each test
/// has an etcd of its own, since it stops it.
/// </summary>
public sealed class EtcdOutageTests
{
    /// <summary>Nothing of a claim under the lab's prefix (the config aside), and no subnet.env on host 1.</summary>
    private static void AssertNothingClaimed(LeaseLab lab)
    {
        Assert.Empty(lab.SubnetKeys());
        Assert.Empty(lab.Markers());
        Assert.Null(lab.EnvOf(1));
    }

    private static (EtcdServer Etcd, LeaseLab Lab) Start()
    {
        var etcd = new EtcdServer();
        try
        {
            var lab = new LeaseLab(etcd, 1);
            try
            {
                lab.Config("-Network 10.203.0.0/16 -Backend host-gw");
                return (etcd, lab);
            }
            catch
            {
                lab.Dispose();
                throw;
            }
        }
        catch
        {
            etcd.Dispose();
            throw;
        }
    }

    [RootFact]
    public void A_wrong_port_is_EtcdUnreachable_naming_the_endpoint_and_claims_nothing()
    {
        var (etcd, lab) = Start();
        using (etcd)
        using (lab)
        {
            var wrong = $"http://{etcd.Address}:2399";
            var request = lab.Ps.Run($"Request-ContainerSubnetLease -Session $h -Etcd {wrong} -Prefix {lab.Prefix} -Interface eth1 -SubnetFile '{lab.SubnetFile}'");
            Assert.Equal(ErrorIds.EtcdUnreachable, request.ErrorId());
            var message = request.Errors[0].Exception.Message;
            Assert.Contains(wrong, message);
            Assert.Contains("Connection refused", message);
            Assert.Contains("Nothing was claimed", message);
            AssertNothingClaimed(lab);
        }
    }

    [RootFact]
    public void An_etcd_killed_before_the_request_is_EtcdUnreachable_and_nothing_is_claimed_once_it_is_back()
    {
        var (etcd, lab) = Start();
        using (etcd)
        using (lab)
        {
            etcd.Kill();
            var request = lab.Request("$h");
            Assert.Equal(ErrorIds.EtcdUnreachable, request.ErrorId());
            Assert.Contains(etcd.Endpoint, request.Errors[0].Exception.Message);
            etcd.Start();
            AssertNothingClaimed(lab);
        }
    }

    [RootFact]
    public async Task An_etcd_that_hangs_and_dies_while_the_cmdlet_waits_is_EtcdUnreachable_and_leaves_no_half_claim()
    {
        var (etcd, lab) = Start();
        using (etcd)
        using (lab)
        {
            etcd.Freeze();
            var request = Task.Run(() => lab.Request("$h"));
            WaitForUnreadRequest(etcd);
            etcd.Kill();
            var result = await request;
            Assert.Equal(ErrorIds.EtcdUnreachable, result.ErrorId());
            Assert.Contains("No etcd endpoint answered", result.Errors[0].Exception.Message);
            etcd.Start();
            AssertNothingClaimed(lab);
        }
    }

    [RootFact]
    public async Task An_etcd_that_dies_while_the_claims_transaction_waits_leaves_no_half_claim()
    {
        var (etcd, lab) = Start();
        using (etcd)
        using (lab)
        {
            var settings = new EtcdSettings { Endpoints = new[] { new Uri(etcd.Endpoint) }, Prefix = lab.Prefix };
            Task? killer = null;
            var transport = new HookedEtcdTransport(new HttpEtcdTransport(settings), "kv/txn", () =>
            {
                etcd.Freeze();
                killer = Task.Run(() =>
                {
                    WaitForUnreadRequest(etcd);
                    etcd.Kill();
                });
            });
            using var store = new SubnetLeaseStore(settings, new EtcdClient(transport));
            var options = new SubnetLeaseOptions { Interface = "eth1", SubnetFile = lab.SubnetFile };
            var plan = await SubnetLeaseRequest.PlanAsync(store, lab.Hosts[0], options, CancellationToken.None);
            var failed = await Assert.ThrowsAsync<XHostException>(() => plan.ApplyAsync(store, options, CancellationToken.None));
            Assert.NotNull(killer);
            await killer!;
            Assert.Equal(ErrorIds.EtcdUnreachable, failed.ErrorId);
            Assert.Contains($"{lab.Prefix}/subnets/10.203.1.0-24 was being claimed for 10.201.0.1", failed.Message);
            etcd.Start();
            AssertNothingClaimed(lab);
        }
    }

    /// <summary>Until the frozen etcd has a request it has not read (a guard limit: the request is sent at once).</summary>
    private static void WaitForUnreadRequest(EtcdServer etcd)
    {
        var until = DateTime.UtcNow + Limits.Command;
        while (!etcd.HasUnreadRequest())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException("no request reached the frozen etcd");
            Thread.Sleep(50);
        }
    }
}
