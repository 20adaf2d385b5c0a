using XHostNet.Leases;
using XHostNet.Linux;

namespace XHostNet.Tests.Leases;

/// <summary>The network config is read with flanneld's defaults and refusals (its CheckNetworkConfig), so both agree on which subnets exist.</summary>
public sealed class ContainerNetworkConfigTests
{
    private static ContainerNetworkConfig Parse(string json) => ContainerNetworkConfig.Parse(json, "/coreos.com/network/config", "http://e:2379");

    [Theory]
    // A /16 gives /24s from the second subnet to the last (the first is skipped: its .0 would be the network's own address).
    [InlineData("{\"Network\":\"10.5.0.0/16\"}", 24, "10.5.1.0", "10.5.255.0", 255)]
    // Narrower than /22: the network's prefix + 2, so four subnets, the first skipped.
    [InlineData("{\"Network\":\"10.5.0.0/24\"}", 26, "10.5.0.64", "10.5.0.192", 3)]
    [InlineData("{\"Network\":\"10.5.0.0/22\",\"SubnetLen\":24,\"SubnetMin\":\"10.5.0.0\"}", 24, "10.5.0.0", "10.5.3.0", 4)]
    [InlineData("{\"Network\":\"10.5.0.0/16\",\"SubnetLen\":20,\"SubnetMax\":\"10.5.32.0\"}", 20, "10.5.16.0", "10.5.32.0", 2)]
    public void Defaults_are_flannels(string json, int length, string min, string max, long count)
    {
        var config = Parse(json);
        Assert.Equal((length, min, max, count), (config.SubnetLength, config.SubnetMin, config.SubnetMax, config.SubnetCount));
        Assert.Equal(count, config.Subnets().Count());
        Assert.Equal("udp", config.Backend);
    }

    [Theory]
    [InlineData("{\"Network\":\"10.5.0.0/16\",\"SubnetLen\":31}", "less than /31")]
    [InlineData("{\"Network\":\"10.5.0.0/16\",\"SubnetLen\":17}", "at least four subnets")]
    [InlineData("{\"Network\":\"10.5.0.0/29\"}", "too small")]
    [InlineData("{\"Network\":\"10.5.0.0/16\",\"SubnetMin\":\"10.6.0.0\"}", "SubnetMin is not in the range")]
    [InlineData("{\"Network\":\"10.5.0.0/16\",\"SubnetMax\":\"10.5.3.7\"}", "SubnetMax is not on a SubnetLen boundary")]
    [InlineData("{\"SubnetLen\":24}", "no Network")]
    [InlineData("[1]", "not a JSON object")]
    [InlineData("{", "not JSON")]
    public void What_flanneld_refuses_is_refused_with_its_reason(string json, string reason)
    {
        var ex = Assert.Throws<XHostException>(() => Parse(json));
        Assert.Equal(ErrorIds.ContainerNetworkConfigInvalid, ex.ErrorId);
        Assert.Contains(reason, ex.Message);
    }

    [Fact]
    public void Accepts_subnets_in_min_to_max_of_any_length_but_none_outside()
    {
        var config = Parse("{\"Network\":\"10.5.0.0/16\",\"SubnetLen\":24,\"SubnetMin\":\"10.5.4.0\",\"SubnetMax\":\"10.5.7.0\"}");
        Assert.True(config.Accepts(InterfaceAddress.Parse("10.5.4.0/24")));
        Assert.True(config.Accepts(InterfaceAddress.Parse("10.5.4.0/22")));
        Assert.True(config.Accepts(InterfaceAddress.Parse("10.5.7.128/25")));
        Assert.False(config.Accepts(InterfaceAddress.Parse("10.5.3.0/24")));
        Assert.False(config.Accepts(InterfaceAddress.Parse("10.5.8.0/24")));
        Assert.False(config.Accepts(InterfaceAddress.Parse("10.5.0.0/21")));
        // Another length: aligned blocks that fit in the range.
        Assert.Equal(new[] { "10.5.4.0/23", "10.5.6.0/23" }, config.Subnets(23).Select(s => s.ToString()));
    }

    [Fact]
    public void Compose_keeps_other_keys_and_a_backends_settings_while_its_type_stays()
    {
        const string old = "{\"Network\":\"10.5.0.0/16\",\"EnableIPv6\":false,\"SubnetLen\":24,\"Backend\":{\"Type\":\"vxlan\",\"VNI\":4}}";
        Assert.Equal("{\"Network\":\"10.6.0.0/16\",\"EnableIPv6\":false,\"Backend\":{\"Type\":\"vxlan\",\"VNI\":4}}",
            ContainerNetworkConfig.Compose(old, InterfaceAddress.Parse("10.6.0.0/16"), null, null, null, "vxlan"));
        Assert.Equal("{\"Network\":\"10.5.0.0/16\",\"EnableIPv6\":false,\"SubnetLen\":25,\"Backend\":{\"Type\":\"host-gw\"}}",
            ContainerNetworkConfig.Compose(old, InterfaceAddress.Parse("10.5.0.0/16"), 25, null, null, "host-gw"));
    }
}
