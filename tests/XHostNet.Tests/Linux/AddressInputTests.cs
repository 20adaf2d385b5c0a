using System.Net;
using XHostNet.Linux;
using XHostNet.PowerShell;

namespace XHostNet.Tests.Linux;

/// <summary>
/// Addresses as users type them (issue 10, items 4 and 9): only dotted-quad decimal IPv4 or IPv6, never the inet_aton
/// forms IPAddress.Parse reinterprets; and no loopback, multicast, broadcast or unspecified address where it makes no sense.
/// </summary>
public class AddressInputTests
{
    [Theory]
    [InlineData("10.246.010.0/24")]   // octal: IPAddress.Parse makes it 10.246.8.0/24
    [InlineData("010.246.10.2/32")]   // 8.246.10.2
    [InlineData("1/8")]               // 0.0.0.1
    [InlineData("10.246.2562/24")]    // 10.246.10.2
    [InlineData("0x0a.1.1.1/24")]     // hex
    [InlineData("10.1.1.256/24")]
    [InlineData("10.1.1.1./24")]
    [InlineData("١٠.1.1.1/24")]       // Arabic-Indic digits
    [InlineData("::ffff:010.1.1.1/128")]
    [InlineData("[fd00::1]/64")]
    [InlineData("fe80::1%2/64")]
    [InlineData("10.1.1.0/024")]      // a prefix with a leading zero
    [InlineData("10.1.1.0/+24")]
    public void Legacy_and_odd_forms_are_refused_not_reinterpreted(string text)
    {
        Assert.False(InterfaceAddress.TryParse(text, out _, out var error));
        Assert.Contains("'", error);
        Assert.Throws<FormatException>(() => InterfaceAddress.Parse(text));
    }

    [Theory]
    [InlineData("10.246.10.0/24")]
    [InlineData("0.0.0.0/0")]
    [InlineData("255.255.255.255/32")]
    [InlineData("fd00::1/64")]
    [InlineData("::ffff:10.1.1.1/128")]
    [InlineData("FD00::A/64")]
    public void Dotted_quad_and_ipv6_parse_as_written(string text) =>
        Assert.Equal(IPAddress.Parse(text.Split('/')[0]), InterfaceAddress.Parse(text).Address);

    [Theory]
    [InlineData("1")]
    [InlineData("010.246.10.2")]
    [InlineData("10.246.2562")]
    [InlineData("10.1.1.1 ")]
    [InlineData("")]
    public void Plain_addresses_are_strict_too(string text) =>
        Assert.False(InterfaceAddress.TryParseAddress(text, out _, out _));

    [Theory]
    [InlineData("127.0.0.1/8")]
    [InlineData("224.0.0.1/24")]
    [InlineData("255.255.255.255/32")]
    [InlineData("0.0.0.0/0")]
    [InlineData("0.1.2.3/24")]
    [InlineData("240.0.0.1/24")]
    [InlineData("::1/128")]
    [InlineData("ff02::1/64")]
    [InlineData("::/64")]
    [InlineData("10.1.1.1/0")]
    [InlineData("::ffff:127.0.0.1/128")]
    public void Implausible_interface_addresses_are_refused(string text)
    {
        Assert.False(ValidateInterfaceAddressAttribute.IsValid(InterfaceAddress.Parse(text), out var reason));
        Assert.Contains(text, reason);
    }

    [Theory]
    [InlineData("10.200.1.1/24")]
    [InlineData("192.168.0.1/16")]
    [InlineData("fd00::1/64")]
    [InlineData("fe80::1/64")]
    public void Unicast_interface_addresses_pass(string text) =>
        Assert.True(ValidateInterfaceAddressAttribute.IsValid(InterfaceAddress.Parse(text), out _));

    [Theory]
    [InlineData("255.255.255.255/32", false)]
    [InlineData("224.0.0.0/24", false)]
    [InlineData("127.0.0.0/8", false)]
    [InlineData("127.1.0.0/16", false)]
    [InlineData("0.0.0.0/8", false)]
    [InlineData("240.0.0.0/4", false)]
    [InlineData("ff00::/8", false)]
    [InlineData("::1/128", false)]
    [InlineData("10.200.1.1/24", false)]   // host bits set
    [InlineData("10.200.1.0/24", true)]
    [InlineData("0.0.0.0/0", true)]        // the default route, which Remove-ContainerRoute leaves alone
    [InlineData("::/0", true)]
    [InlineData("fd00:1::/64", true)]
    public void Network_prefixes_must_be_usable(string text, bool valid) =>
        Assert.Equal(valid, ValidateNetworkPrefixAttribute.IsValid(InterfaceAddress.Parse(text), out _));
}
