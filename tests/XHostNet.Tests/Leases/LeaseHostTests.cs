using XHostNet.Leases;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Leases;

/// <summary>How a host's public address, MTU and current subnet.env are read for its lease, through a scripted host.</summary>
public sealed class LeaseHostTests
{
    private static readonly string[] Addresses = { "ip", "-j", "-4", "address", "show" };
    private static readonly string[] DefaultRoute = { "ip", "-j", "-4", "route", "show", "default" };
    private static readonly string[] SubnetFile = { "sh", "-c", "[ ! -e \"$1\" ] || cat -- \"$1\"", "sh", "/run/flannel/subnet.env" };

    [Fact]
    public async Task The_public_address_is_the_default_routes_source_on_its_interface()
    {
        var host = new ScriptedExecutor()
            .On(Addresses, stdout: """[{"ifname":"lo","mtu":65536,"addr_info":[{"local":"127.0.0.1","scope":"host"}]},{"ifname":"eth0","mtu":9000,"addr_info":[{"local":"192.0.2.7","scope":"global"},{"local":"192.0.2.8","scope":"global"}]}]""")
            .On(DefaultRoute, stdout: """[{"dst":"default","gateway":"192.0.2.1","dev":"eth0","prefsrc":"192.0.2.8"}]""")
            .On(SubnetFile, stdout: "FLANNEL_NETWORK=10.205.0.0/16\nFLANNEL_SUBNET=10.205.9.1/24\n");

        var lease = await LeaseHost.ReadAsync(host.Session, null, "/run/flannel/subnet.env", CancellationToken.None);

        Assert.Equal("192.0.2.8", lease.PublicIP.ToString());
        Assert.Equal("eth0", lease.Interface);
        Assert.Equal(9000, lease.InterfaceMtu);
        Assert.Equal("10.205.9.0/24", lease.PreviousSubnet?.ToString());
        Assert.Equal(1, host.RoundTrips);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""[{"mtu":1500}]""")] // no ifname: an ip that writes links another way
    [InlineData("""[{"ifname":"eth0","mtu":1500,"addr_info":[{"local":"192.0.2.7","scope":"global"}]}],""")]
    public async Task Output_of_ip_it_cannot_read_is_ToolOutputUnreadable(string addresses)
    {
        var host = new ScriptedExecutor()
            .On(Addresses, stdout: addresses)
            .On(DefaultRoute, stdout: """[{"dst":"default","gateway":"192.0.2.1","dev":"eth0"}]""")
            .On(SubnetFile);

        var error = await Assert.ThrowsAsync<XHostException>(() => LeaseHost.ReadAsync(host.Session, null, "/run/flannel/subnet.env", CancellationToken.None));

        Assert.Equal(ErrorIds.ToolOutputUnreadable, error.ErrorId);
        Assert.Contains("ip -j -4 address show", error.Message);
    }

    [Fact]
    public async Task A_host_without_a_default_route_needs_an_interface()
    {
        var host = new ScriptedExecutor()
            .On(Addresses, stdout: """[{"ifname":"eth1","mtu":1500,"addr_info":[{"local":"10.201.0.1","scope":"global"}]}]""")
            .On(DefaultRoute, stdout: "")
            .On(SubnetFile);

        var error = await Assert.ThrowsAsync<XHostException>(() => LeaseHost.ReadAsync(host.Session, null, "/run/flannel/subnet.env", CancellationToken.None));

        Assert.Equal(ErrorIds.LeasePublicAddressUnknown, error.ErrorId);
    }
}
