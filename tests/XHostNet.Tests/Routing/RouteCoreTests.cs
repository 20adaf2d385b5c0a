using System.Net;
using XHostNet.Execution;
using XHostNet.Linux;
using XHostNet.Ovs;
using XHostNet.Planning;
using XHostNet.PowerShell;
using XHostNet.Routing;
using XHostNet.Sessions;
using XHostNet.Tunnels;
using XHostNet.Tests.Planning;

namespace XHostNet.Tests.Routing;

/// <summary>Routes without a host: ip -j route parsing, the longest-prefix lookup, and how a path is judged.</summary>
public class RouteCoreTests
{
    [Fact]
    public void Ip_routes_parse_host_and_default_routes_and_the_lookup_takes_the_longest_prefix()
    {
        var routes = IpRouteJson.Parse(OverlaySnapshot.Routes);
        Assert.Equal("10.201.9.9/32", routes[3].Destination.ToString());
        Assert.Equal("0.0.0.0/0", routes[4].Destination.ToString());
        Assert.True(routes[2].OnLink);
        Assert.Equal(100u, routes[4].Metric);
        Assert.Equal("br0", IpRouteJson.Lookup(routes, IPAddress.Parse("10.201.2.7"))!.Device);
        Assert.Equal("10.201.0.2", IpRouteJson.Lookup(routes, IPAddress.Parse("10.201.9.9"))!.Gateway!.ToString());
        Assert.Equal("10.201.0.254", IpRouteJson.Lookup(routes, IPAddress.Parse("10.207.0.1"))!.Gateway!.ToString());
    }

    [Fact]
    public void The_path_follows_a_linux_bridge_into_an_ovs_bridge_with_a_tunnel_or_a_vxlan_port()
    {
        var state = OverlaySnapshot.State();
        Assert.Equal((RoutePathKind.Tunnel, "br0 → obr0 → gre0"), Path(state, "br0"));
        Assert.Equal((RoutePathKind.Tunnel, "obr0 → gre0"), Path(state, "obr0"));
        Assert.Equal((RoutePathKind.Tunnel, "br1 → vx0"), Path(state, "br1"));
        Assert.Equal((RoutePathKind.Tunnel, "vx0"), Path(state, "vx0"));
        Assert.Equal((RoutePathKind.Underlay, "obrphy"), Path(state, "obrphy"));
        Assert.Equal(RoutePathKind.Local, PathClassifier.Classify(state, "lo", "local").Kind);

        static (RoutePathKind, string) Path(HostNetworkState s, string device)
        {
            var (kind, _, via) = PathClassifier.Classify(s, device);
            return (kind, via);
        }
    }
}
