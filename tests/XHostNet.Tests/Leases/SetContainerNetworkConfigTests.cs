using XHostNet.Tests.Support;

namespace XHostNet.Tests.Leases;

/// <summary>
/// Set-ContainerNetworkConfig against a real etcd: the config key as etcd holds it (value and mod_revision, via etcdctl)
/// before and after — refused shrinks, kept keys, -WhatIf and a re-run that write nothing.
/// </summary>
public sealed class SetContainerNetworkConfigTests : IClassFixture<SharedEtcd>
{
    private const string FlannelsConfig = "{\"Network\":\"10.204.0.0/16\",\"SubnetLen\":24,\"EnableIPv6\":false,\"Backend\":{\"Type\":\"vxlan\",\"VNI\":4096}}";
    private readonly SharedEtcd _etcd;

    public SetContainerNetworkConfigTests(SharedEtcd etcd) => _etcd = etcd;

    private static XHostNet.Leases.EtcdKeyValue Config(LeaseLab lab) => Assert.Single(lab.Etcd.Keys(lab.Prefix + "/config"));

    /// <summary>A lab prefix holding flannel's config and a lease in 10.204.9.0/24 that flanneld wrote (no etcd lease: a reservation).</summary>
    private LeaseLab WithFlannelsConfig()
    {
        var lab = new LeaseLab(_etcd.Server, 0);
        lab.Etcd.Etcdctl("put", lab.Prefix + "/config", FlannelsConfig);
        lab.Etcd.Etcdctl("put", lab.Prefix + "/subnets/10.204.9.0-24", "{\"PublicIP\":\"10.201.0.9\",\"PublicIPv6\":null,\"BackendType\":\"vxlan\"}");
        return lab;
    }

    [RootFact]
    public void A_shrink_under_a_lease_is_refused_and_the_config_stays_as_it_was()
    {
        using var lab = WithFlannelsConfig();
        var before = Config(lab);
        foreach (var whatIf in new[] { "", " -WhatIf" })
        {
            var shrink = lab.Ps.Run($"Set-ContainerNetworkConfig {lab.Store} -Network 10.204.0.0/21 -SubnetLength 24{whatIf}");
            Assert.Equal(ErrorIds.ContainerNetworkShrink, shrink.ErrorId());
            Assert.Contains("10.204.9.0/24 of 10.201.0.9", shrink.Errors[0].Exception.Message);
        }
        var after = Config(lab);
        Assert.Equal((FlannelsConfig, before.ModRevision), (after.Value, after.ModRevision));
    }

    [RootFact]
    public void Widening_keeps_flannels_other_keys_WhatIf_and_a_rerun_write_nothing()
    {
        using var lab = WithFlannelsConfig();
        var before = Config(lab);
        const string widened = "{\"Network\":\"10.204.0.0/15\",\"SubnetLen\":24,\"EnableIPv6\":false,\"Backend\":{\"Type\":\"vxlan\",\"VNI\":4096}}";

        var whatIf = lab.Ps.Run($"Set-ContainerNetworkConfig {lab.Store} -Network 10.204.0.0/15 -SubnetLength 24 -WhatIf");
        Assert.Empty(whatIf.Errors);
        Assert.Contains($"put {lab.Prefix}/config = {widened}", whatIf.HostText);
        Assert.Equal(before.ModRevision, Config(lab).ModRevision);

        var set = lab.Ps.Run($"Set-ContainerNetworkConfig {lab.Store} -Network 10.204.0.0/15 -SubnetLength 24 -PassThru");
        Assert.Empty(set.Errors);
        var written = Config(lab);
        Assert.Equal(widened, written.Value);
        Assert.Equal(("10.204.0.0/15", 511L), (set.Single<XHostNet.Leases.ContainerNetworkConfig>().Network, set.Single<XHostNet.Leases.ContainerNetworkConfig>().SubnetCount));

        var again = lab.Ps.Run($"Set-ContainerNetworkConfig {lab.Store} -Network 10.204.0.0/15 -SubnetLength 24 -Verbose");
        Assert.Empty(again.Errors);
        Assert.Contains(again.Verbose, v => v.Contains("nothing to change"));
        Assert.Equal(written.ModRevision, Config(lab).ModRevision);

        // Another backend type drops the old one's own settings (a VNI means nothing to host-gw); the other keys stay.
        Assert.Empty(lab.Ps.Run($"Set-ContainerNetworkConfig {lab.Store} -Network 10.204.0.0/15 -SubnetLength 24 -Backend host-gw").Errors);
        Assert.Equal("{\"Network\":\"10.204.0.0/15\",\"SubnetLen\":24,\"EnableIPv6\":false,\"Backend\":{\"Type\":\"host-gw\"}}", Config(lab).Value);
    }

    [RootFact]
    public void A_first_config_is_written_and_read_back_with_flannels_defaults()
    {
        using var lab = new LeaseLab(_etcd.Server, 0);
        Assert.Equal(ErrorIds.ContainerNetworkConfigNotFound, lab.Ps.ErrorIdOf($"Get-ContainerNetworkConfig {lab.Store}"));
        lab.Config("-Network 10.204.0.0/16");
        Assert.Equal("{\"Network\":\"10.204.0.0/16\",\"Backend\":{\"Type\":\"vxlan\"}}", Config(lab).Value);
        var config = lab.Ps.Run($"Get-ContainerNetworkConfig {lab.Store}").Single<XHostNet.Leases.ContainerNetworkConfig>();
        Assert.Equal((24, "10.204.1.0", "10.204.255.0", "vxlan", 255L), (config.SubnetLength, config.SubnetMin, config.SubnetMax, config.Backend, config.SubnetCount));
    }
}
