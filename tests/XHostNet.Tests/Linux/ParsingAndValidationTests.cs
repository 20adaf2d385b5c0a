using XHostNet.Linux;
using XHostNet.PowerShell;

namespace XHostNet.Tests.Linux;

public class ParsingAndValidationTests
{
    // Trimmed from real `ip -j -d address show` output on this machine's kernel.
    internal const string SampleLinks = """
    [{"ifindex":1,"ifname":"lo","flags":["LOOPBACK","UP","LOWER_UP"],"mtu":65536,"operstate":"UNKNOWN","address":"00:00:00:00:00:00",
      "addr_info":[{"family":"inet","local":"127.0.0.1","prefixlen":8,"scope":"host"}]},
     {"ifindex":2,"ifname":"br0","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1500,"operstate":"UP","address":"fa:11:0b:4c:23:30",
      "linkinfo":{"info_kind":"bridge","info_data":{"forward_delay":1500,"stp_state":1}},
      "addr_info":[{"family":"inet","local":"10.200.1.1","prefixlen":24,"scope":"global"},{"family":"inet6","local":"fe80::1","prefixlen":64,"scope":"link"}]},
     {"ifindex":3,"link":"vx","ifname":"vy","flags":["BROADCAST","MULTICAST","M-DOWN"],"mtu":1500,"master":"br0","operstate":"DOWN","address":"16:a2:02:25:1a:ca",
      "linkinfo":{"info_kind":"veth","info_slave_kind":"bridge"},"addr_info":[]},
     {"ifindex":4,"ifname":"eth9","flags":["BROADCAST"],"mtu":9000,"operstate":"DOWN","address":"16:a2:02:25:1a:cb","addr_info":[]}]
    """;

    [Fact]
    public void Ip_json_links_parse_into_bridges_with_ports_and_configured_addresses()
    {
        var links = IpJson.ParseLinks(SampleLinks);
        Assert.Equal(4, links.Count);
        var br = links.Single(l => l.Name == "br0");
        Assert.Equal("bridge", br.Kind);
        Assert.True(br.AdminUp);
        Assert.True(br.StpEnabled);
        var bridge = LinuxBridge.FromLinks(br, links, null);
        Assert.Equal(new[] { "10.200.1.1/24" }, bridge.Addresses);
        Assert.Equal(new[] { "vy" }, bridge.Ports);
        Assert.Equal("Up", bridge.AdminState);
        Assert.Equal("fa:11:0b:4c:23:30", bridge.MacAddress);
        Assert.False(links.Single(l => l.Name == "eth9").AdminUp);
        Assert.Equal("", links.Single(l => l.Name == "eth9").Kind);
    }

    [Fact]
    public void Empty_output_is_no_links_and_garbage_is_an_error()
    {
        Assert.Empty(IpJson.ParseLinks(""));
        Assert.ThrowsAny<Exception>(() => IpJson.ParseLinks("Device \"x\" does not exist."));
    }

    [Theory]
    [InlineData("192.168.1.1/24", "192.168.1.1/24")]
    [InlineData(" 10.200.0.1/32 ", "10.200.0.1/32")]
    [InlineData("fd00::1/64", "fd00::1/64")]
    [InlineData("0.0.0.0/0", "0.0.0.0/0")]
    public void Interface_addresses_parse(string text, string expected) =>
        Assert.Equal(expected, InterfaceAddress.Parse(text).ToString());

    [Theory]
    [InlineData("10.201.1.0/24", 2, "10.201.1.2/24")]
    [InlineData("10.206.3.252/30", 1, "10.206.3.253/30")]
    [InlineData("10.201.0.255/16", 1, "10.201.1.0/16")]   // the carry crosses a byte
    [InlineData("fd00::ff/64", 2, "fd00::101/64")]
    public void An_address_plus_n_counts_on_with_the_same_prefix(string start, int n, string expected) =>
        Assert.Equal(expected, InterfaceAddress.Parse(start).Plus(n).ToString());

    [Theory]
    [InlineData("192.168.1.1")]
    [InlineData("192.168.1.1/33")]
    [InlineData("192.168.1/24")]
    [InlineData("1/8")]
    [InlineData("fd00::1/129")]
    [InlineData("fe80::1%eth0/64")]
    [InlineData("br0/24")]
    [InlineData("10.0.0.1/-1")]
    [InlineData("10.0.0.1/ 24")]
    [InlineData("$(reboot)/24")]
    public void Bad_interface_addresses_are_refused_with_the_reason(string text)
    {
        var ex = Assert.Throws<FormatException>(() => InterfaceAddress.Parse(text));
        Assert.Contains(text.Trim().Split('/')[0], ex.Message);
    }

    [Theory]
    [InlineData("br0", true)]
    [InlineData("obr0", true)]
    [InlineData("veth.12_a-b", true)]
    [InlineData("abcdefghijklmno", true)]
    [InlineData("abcdefghijklmnop", false)]
    [InlineData("", false)]
    [InlineData(".", false)]
    [InlineData("..", false)]
    [InlineData("br 0", false)]
    [InlineData("br0;reboot", false)]
    [InlineData("br/0", false)]
    [InlineData("brü", false)]
    [InlineData("--help", false)]
    [InlineData("-x", false)]
    [InlineData("br-0", true)]
    [InlineData("xrtn\n", false)]      // .NET's $ matches before a final newline; \z does not
    [InlineData("\u212Abr", false)]    // the Kelvin sign, which IgnoreCase would take for k
    public void Interface_names_are_checked(string name, bool valid) =>
        Assert.Equal(valid, ValidateInterfaceNameAttribute.IsValid(name, out _));
}
