using System.Net;
using XHostNet.Linux;
using XHostNet.Persistence;

namespace XHostNet.Tests.Persistence;

/// <summary>
/// Each format's files for one bridge, line by line, as each distribution's documentation shows them: the RHEL
/// networking guide's ifcfg-br0 (TYPE=Bridge) and the port's BRIDGE=br0, bridge-utils-interfaces(5) and the Debian wiki's
/// stanzas, systemd.netdev(5) and systemd.network(5) (Kind=bridge, Bridge=, ConfigureWithoutCarrier=).
/// </summary>
public sealed class BridgeConfigWriterTests
{
    private static readonly BridgeConfigSpec Spec = new()
    {
        Bridge = "br0",
        Ports = new[] { "eth0" },
        Addresses = new[] { InterfaceAddress.Parse("192.0.2.10/24"), InterfaceAddress.Parse("2001:db8::10/64") },
        Gateway = IPAddress.Parse("192.0.2.1"),
        Gateway6 = IPAddress.Parse("2001:db8::1"),
        Routes = new[] { new BridgeConfigRoute(InterfaceAddress.Parse("10.2.0.0/24"), IPAddress.Parse("192.0.2.254")) },
        Mtu = 1500,
    };

    private static string[] Lines(string text) => text.TrimEnd('\n').Split('\n');

    [Fact]
    public void Network_scripts_bridge_file_is_a_Bridge_with_its_addresses_gateways_and_no_delay()
    {
        Assert.Equal(new[]
        {
            "DEVICE=br0", "TYPE=Bridge", "BOOTPROTO=none", "ONBOOT=yes",
            "IPADDR=192.0.2.10", "PREFIX=24", "GATEWAY=192.0.2.1",
            "IPV6INIT=yes", "IPV6ADDR=2001:db8::10/64", "IPV6_DEFAULTGW=2001:db8::1",
            "MTU=1500", "DELAY=0", "STP=off",
        }, Lines(NetworkScriptsWriter.BridgeFile(Spec)));
        Assert.Equal(new[] { "10.2.0.0/24 via 192.0.2.254 dev br0" }, Lines(NetworkScriptsWriter.RouteFile(Spec.Routes, "br0")));
    }

    [Fact]
    public void Network_scripts_port_file_keeps_the_NICs_own_keys_and_drops_what_moved_to_the_bridge()
    {
        const string rhel = "TYPE=Ethernet\nBOOTPROTO=static\nNAME=eth0\nUUID=5fb06bd0-0bb0-7ffb-45f1-d6edd65f3e03\nDEVICE=eth0\nONBOOT=yes\n" +
                            "IPADDR=192.0.2.10\nPREFIX=24\nGATEWAY=192.0.2.1\nDEFROUTE=yes\nIPV6INIT=yes\nDNS1=192.0.2.53\nHWADDR=52:54:00:12:34:56\nMTU=9000\n";
        Assert.Equal(new[]
        {
            "TYPE=Ethernet", "NAME=eth0", "UUID=5fb06bd0-0bb0-7ffb-45f1-d6edd65f3e03", "DEVICE=eth0", "DNS1=192.0.2.53", "HWADDR=52:54:00:12:34:56",
            "ONBOOT=yes", "BOOTPROTO=none", "BRIDGE=br0", "MTU=1500",
        }, Lines(NetworkScriptsWriter.PortFile(rhel, Spec)));
    }

    [Fact]
    public void Ifupdown_stanzas_are_the_bridge_utils_ones_with_the_port_manual()
    {
        Assert.Equal(new[]
        {
            "auto br0",
            "iface br0 inet static",
            "    bridge_ports eth0",
            "    bridge_stp off",
            "    bridge_fd 0",
            "    address 192.0.2.10",
            "    netmask 255.255.255.0",
            "    gateway 192.0.2.1",
            "    mtu 1500",
            "    up ip route add 10.2.0.0/24 via 192.0.2.254 dev br0",
            "",
            "iface br0 inet6 static",
            "    address 2001:db8::10",
            "    netmask 64",
            "    gateway 2001:db8::1",
            "",
            "iface eth0 inet manual",
            "    mtu 1500",
        }, Lines(IfupdownWriter.Stanzas(Spec)));
    }

    [Fact]
    public void Ifupdown_bridge_without_address_or_port_is_manual_with_no_ports()
    {
        Assert.Equal(new[] { "auto br1", "iface br1 inet manual", "    bridge_ports none", "    bridge_stp off", "    bridge_fd 0" },
            Lines(IfupdownWriter.Stanzas(new BridgeConfigSpec { Bridge = "br1" })));
    }

    [Fact]
    public void Networkd_files_make_the_bridge_address_it_and_enslave_the_port()
    {
        Assert.Equal(new[] { "[NetDev]", "Name=br0", "Kind=bridge", "MTUBytes=1500", "", "[Bridge]", "STP=no", "ForwardDelaySec=0" },
            Lines(SystemdNetworkdWriter.NetDev(Spec)));
        Assert.Equal(new[]
        {
            "[Match]", "Name=br0", "", "[Network]", "Address=192.0.2.10/24", "Address=2001:db8::10/64", "Gateway=192.0.2.1", "Gateway=2001:db8::1",
            "ConfigureWithoutCarrier=yes", "", "[Route]", "Destination=10.2.0.0/24", "Gateway=192.0.2.254",
        }, Lines(SystemdNetworkdWriter.BridgeNetwork(Spec)));
        Assert.Equal(new[] { "[Match]", "Name=eth0", "", "[Network]", "Bridge=br0", "", "[Link]", "MTUBytes=1500" },
            Lines(SystemdNetworkdWriter.PortNetwork("eth0", Spec)));
    }

    [Fact]
    public void Ifupdown_clean_takes_out_only_its_own_block_and_comments()
    {
        var other = ConfigMarker.BlockBegin("br1") + "\nauto br1\n" + ConfigMarker.BlockEnd("br1") + "\n";
        const string theirs = "auto lo\niface lo inet loopback\n";
        var text = theirs + ConfigMarker.CommentOut("br0", "iface eth0 inet dhcp") + "\n" + other +
                   ConfigMarker.BlockBegin("br0") + "\nauto br0\niface br0 inet manual\n" + ConfigMarker.BlockEnd("br0") + "\n";
        Assert.True(IfupdownWriter.HasOwn(text, "br0"));
        Assert.Equal(theirs + "iface eth0 inet dhcp\n" + other, IfupdownWriter.Clean(text, "br0"));
        Assert.False(IfupdownWriter.HasOwn(theirs + other, "br0"));
    }

    [Theory]
    [InlineData("../etc")]
    [InlineData("br/0")]
    [InlineData("")]
    [InlineData("a-very-long-bridge-name")]
    public void A_name_that_could_leave_the_directory_is_refused(string name)
    {
        var e = Assert.Throws<XHostException>(() => new BridgeConfigSpec { Bridge = "br0", Ports = new[] { name } }.Validate());
        Assert.Equal(ErrorIds.BridgeConfigInvalid, e.ErrorId);
        Assert.Equal(ErrorIds.BridgeConfigInvalid, Assert.Throws<XHostException>(() => new BridgeConfigSpec { Bridge = name }.Validate()).ErrorId);
    }
}
