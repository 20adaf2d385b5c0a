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

/// <summary>The route planner on snapshots and, through the scripted executor, on a host that answers.</summary>
public class RoutePlannerTests
{
    [Fact]
    public void A_route_plan_is_empty_when_the_route_exists_and_a_conflict_otherwise()
    {
        var spec = new RouteSpec { Destination = InterfaceAddress.Parse("10.201.2.0/24"), Gateway = IPAddress.Parse("10.201.2.1"), Interface = "br0", OnLink = true };
        Assert.True(RoutePlanner.PlanAdd(OverlaySnapshot.State(), spec, force: false).IsEmpty);
        spec.Gateway = IPAddress.Parse("10.201.2.9");
        var conflict = Assert.Throws<XHostException>(() => RoutePlanner.PlanAdd(OverlaySnapshot.State(), spec, force: false));
        Assert.Equal("RouteConflict", conflict.ErrorId);
        var forced = RoutePlanner.PlanAdd(OverlaySnapshot.State(), spec, force: true);
        Assert.Equal("ip route replace 10.201.2.0/24 via 10.201.2.9 dev br0 onlink proto static", ShellQuoting.Join(Assert.Single(forced.Commands)));
    }

    [Fact]
    public void A_route_via_the_underlay_on_a_host_with_tunnels_is_warned_about()
    {
        var spec = new RouteSpec { Destination = InterfaceAddress.Parse("10.201.3.0/24"), Gateway = IPAddress.Parse("10.201.0.3") };
        var plan = RoutePlanner.PlanAdd(OverlaySnapshot.State(), spec, force: false);
        Assert.Equal("ip route add 10.201.3.0/24 via 10.201.0.3 proto static", ShellQuoting.Join(Assert.Single(plan.Commands)));
        Assert.Contains(plan.Warnings, w => w.Contains("out of obrphy as plain IP") && w.Contains("gre0, vx0"));
        Assert.Equal("ip route del 10.201.3.0/24 via 10.201.0.3", ShellQuoting.Join(Assert.Single(plan.RollbackCommands)));
    }
}
