using System.Net;
using XHostNet.Routing;

namespace XHostNet.Tests.Routing;

/// <summary>Which neighbour entry a container's packets go to (ip -j neigh show output captured on a GRE lab).</summary>
public class ContainerHopTests
{
    private const string Neighbours =
        """[{"dst":"10.201.1.9","dev":"eth0","state":["FAILED"]},{"dst":"10.201.2.1","dev":"eth0","lladdr":"2a:74:f2:00:ab:4d","state":["STALE"]},""" +
        """{"dst":"10.201.1.1","dev":"eth0","lladdr":"1a:b2:db:61:b9:e7","state":["REACHABLE"]},{"dst":"10.201.1.1","dev":"eth1","lladdr":"00:00:00:00:00:01","state":["REACHABLE"]}]""";

    [Fact]
    public void Through_a_gateway_the_gateways_entry_on_the_routes_device_counts()
    {
        var route = new IpRoute { Device = "eth0", Gateway = IPAddress.Parse("10.201.1.1") };
        Assert.Equal("1a:b2:db:61:b9:e7", ContainerHop.NextHopMac(Neighbours, route, IPAddress.Parse("10.201.2.2")));
        // An ICMP redirect named the peer's bridge address as the gateway.
        var redirected = new IpRoute { Device = "eth0", Gateway = IPAddress.Parse("10.201.2.1") };
        Assert.Equal("2a:74:f2:00:ab:4d", ContainerHop.NextHopMac(Neighbours, redirected, IPAddress.Parse("10.201.2.2")));
    }

    [Fact]
    public void On_the_segment_the_targets_own_entry_counts_and_a_failed_one_has_no_mac()
    {
        var onLink = new IpRoute { Device = "eth0" };
        Assert.Equal("2a:74:f2:00:ab:4d", ContainerHop.NextHopMac(Neighbours, onLink, IPAddress.Parse("10.201.2.1")));
        Assert.Null(ContainerHop.NextHopMac(Neighbours, onLink, IPAddress.Parse("10.201.1.9")));
        Assert.Null(ContainerHop.NextHopMac("", onLink, IPAddress.Parse("10.201.1.9")));
    }
}
