using XHostNet.Leases;
using XHostNet.Linux;

namespace XHostNet.Tests.Leases;

/// <summary>
/// flannel's documented lease, as data: Documentation/reservations.md of flannel-io/flannel shows this key and value
/// (etcdctl get of a lease flanneld made). XHostNet must write the same bytes for the same attributes.
/// </summary>
public sealed class FlannelLeaseValueTests
{
    private const string DocumentedKey = "/coreos.com/network/subnets/10.5.52.0-24";
    private const string DocumentedValue = "{\"PublicIP\":\"192.168.64.3\",\"PublicIPv6\":null,\"BackendType\":\"vxlan\",\"BackendData\":{\"VNI\":1,\"VtepMAC\":\"c6:d2:32:6f:8f:44\"}}";

    [Fact]
    public void Serialize_writes_flannels_documented_value_byte_for_byte()
    {
        var value = new FlannelLeaseValue
        {
            PublicIP = "192.168.64.3", PublicIPv6 = null, BackendType = "vxlan", BackendData = "{\"VNI\":1,\"VtepMAC\":\"c6:d2:32:6f:8f:44\"}",
        };
        Assert.Equal(DocumentedValue, value.Serialize());
    }

    [Fact]
    public void Backend_data_is_written_compacted_as_Go_marshals_a_raw_message()
    {
        var value = new FlannelLeaseValue { PublicIP = "192.168.64.3", BackendType = "vxlan", BackendData = "{ \"VNI\": 1,\n \"VtepMAC\": \"c6:d2:32:6f:8f:44\" }" };
        Assert.Equal(DocumentedValue, value.Serialize());
    }

    [Fact]
    public void Backend_data_strings_keep_their_spaces_and_escape_html_as_Go_does()
    {
        var value = new FlannelLeaseValue { PublicIP = "192.168.64.3", BackendType = "x", BackendData = "{\"Note\": \"a <b> & \\\"c\\\"\"}" };
        Assert.Equal("{\"PublicIP\":\"192.168.64.3\",\"PublicIPv6\":null,\"BackendType\":\"x\",\"BackendData\":{\"Note\":\"a \\u003cb\\u003e \\u0026 \\\"c\\\"\"}}",
            value.Serialize());
    }

    [Fact]
    public void A_documented_value_read_and_written_again_is_unchanged()
    {
        var parsed = FlannelLeaseValue.Parse(DocumentedValue);
        Assert.Equal(("192.168.64.3", (string?)null, "vxlan"), (parsed.PublicIP, parsed.PublicIPv6, parsed.BackendType));
        Assert.Equal(DocumentedValue, parsed.Serialize());
    }

    [Fact]
    public void Without_backend_data_the_value_ends_after_the_backend_type()
    {
        Assert.Equal("{\"PublicIP\":\"10.201.0.1\",\"PublicIPv6\":null,\"BackendType\":\"host-gw\"}",
            new FlannelLeaseValue { PublicIP = "10.201.0.1", BackendType = "host-gw" }.Serialize());
    }

    [Fact]
    public void The_documented_key_is_the_subnet_key_under_flannels_default_prefix()
    {
        var subnet = InterfaceAddress.Parse("10.5.52.0/24");
        Assert.Equal("10.5.52.0-24", SubnetLeaseKey.Of(subnet));
        using var store = new SubnetLeaseStore(new EtcdSettings { Endpoints = new[] { new Uri("http://127.0.0.1:2379") } });
        Assert.Equal(DocumentedKey, store.SubnetKey(subnet));
        Assert.Equal(subnet.ToString(), SubnetLeaseKey.Parse(DocumentedKey)!.ToString());
    }

    [Theory]
    [InlineData("/coreos.com/network")]
    [InlineData("/coreos.com/network/")]
    [InlineData("coreos.com/network")]
    public void A_prefix_is_joined_with_one_slash_as_flannels_path_Join_does(string prefix)
    {
        using var store = new SubnetLeaseStore(new EtcdSettings { Endpoints = new[] { new Uri("http://127.0.0.1:2379") }, Prefix = prefix });
        Assert.Equal(DocumentedKey, store.SubnetKey(InterfaceAddress.Parse("10.5.52.0/24")));
        Assert.Equal("/coreos.com/network/config", store.ConfigKey);
    }
}
