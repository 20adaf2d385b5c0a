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
using XHostNet.Tests.Support;

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
        Assert.Equal(ErrorIds.RouteConflict, conflict.ErrorId);
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

    // Through the scripted executor: read → plan → apply → read back, on state captured from this machine's ip and ovs-vsctl.

    private static readonly string[] Reads = HostCapture.StateLines(OvsNeed.IfAvailable);
    private const string Add80 = "ip route add 10.200.80.0/24 via 10.200.64.2 proto static";
    private const string Undo80 = "ip route del 10.200.80.0/24 via 10.200.64.2";

    private static RouteSpec To80(string gateway = "10.200.64.2") =>
        new() { Destination = InterfaceAddress.Parse("10.200.80.0/24"), Gateway = IPAddress.Parse(gateway) };

    private static Task<HostNetworkState> Read(ScriptedExecutor host) => HostNetworkState.ReadAsync(host.Session, OvsNeed.IfAvailable, CancellationToken.None);

    private static string[] Then(params string[] lines) => Reads.Concat(lines).ToArray();

    [Fact]
    public async Task A_missing_route_is_added_as_static_and_read_back_with_its_path()
    {
        var host = CapturedHost.WithGre.AnswerState(new ScriptedExecutor(), OvsNeed.IfAvailable).Succeeds(Add80);
        CapturedHost.WithVxlanAndRoute.AnswerState(host, OvsNeed.IfAvailable);
        var plan = RoutePlanner.PlanAdd(await Read(host), To80(), force: false);
        Assert.Equal(new[] { Undo80 }, plan.RollbackCommands.Select(ScriptedExecutor.Line));
        // eth0 is the underlay and the host has a GRE tunnel: the route would bypass it, which is said before the change.
        Assert.Contains(plan.Warnings, w => w.Contains("sends its traffic out of eth0 as plain IP to 10.200.64.2, not through a tunnel"));
        var route = await plan.ApplyAsync(CancellationToken.None);
        host.AssertRan(Then(Add80).Concat(Reads).ToArray());
        Assert.Equal(("10.200.80.0/24", "10.200.64.2", "eth0", "static", RoutePathKind.Underlay),
            (route!.Destination, route.Gateway, route.Interface, route.Protocol, route.Path));
    }

    [Fact]
    public async Task A_route_already_there_changes_nothing()
    {
        var host = CapturedHost.WithVxlanAndRoute.AnswerState(new ScriptedExecutor(), OvsNeed.IfAvailable);
        var plan = RoutePlanner.PlanAdd(await Read(host), To80(), force: false);
        Assert.True(plan.IsEmpty);
        Assert.Equal("10.200.64.2", (await plan.ApplyAsync(CancellationToken.None))!.Gateway);
        host.AssertRan(Reads);
    }

    [Fact]
    public async Task Routes_the_kernel_would_refuse_or_that_clash_are_refused_before_any_change()
    {
        var host = CapturedHost.WithVxlanAndRoute.AnswerState(new ScriptedExecutor(), OvsNeed.IfAvailable);
        var state = await Read(host);
        var far = Assert.Throws<XHostException>(() => RoutePlanner.PlanAdd(state, new RouteSpec { Destination = InterfaceAddress.Parse("10.200.81.0/24"), Gateway = IPAddress.Parse("10.200.99.2") }, false));
        Assert.Equal(ErrorIds.GatewayNotDirectlyReachable, far.ErrorId);
        Assert.Equal(ErrorIds.GatewayIsLocal, Assert.Throws<XHostException>(() => RoutePlanner.PlanAdd(state, To80("10.200.64.1"), true)).ErrorId);
        var clash = Assert.Throws<XHostException>(() => RoutePlanner.PlanAdd(state, To80("10.200.64.9"), false));
        Assert.Equal(ErrorIds.RouteConflict, clash.ErrorId);
        Assert.Equal("Host 'ssh:admin@h1:22' already routes 10.200.80.0/24 via 10.200.64.2 dev eth0. Nothing was changed. Use -Force to replace that route.", clash.Message);
        var forced = RoutePlanner.PlanAdd(state, To80("10.200.64.9"), true);
        Assert.Equal("ip route replace 10.200.80.0/24 via 10.200.64.9 proto static", ScriptedExecutor.Line(Assert.Single(forced.Commands)));
        Assert.Empty(forced.RollbackCommands); // a replaced route cannot be brought back by deleting
        host.AssertRan(Reads);
    }

    [Fact]
    public async Task A_route_the_kernel_refuses_is_reported_as_nothing_changed_and_not_undone()
    {
        var host = CapturedHost.WithGre.AnswerState(new ScriptedExecutor(), OvsNeed.IfAvailable).On(Add80.Split(' '), exitCode: 2, stderr: CapturedHost.InvalidGateway);
        var plan = RoutePlanner.PlanAdd(await Read(host), To80(), force: false);
        var ex = await Assert.ThrowsAsync<PartialChangeException>(() => plan.ApplyAsync(CancellationToken.None));
        host.AssertRan(Then(Add80));
        Assert.Equal("On host 'ssh:admin@h1:22', '" + Add80 + "' failed with exit code 2: Error: Nexthop has invalid gateway. Nothing was changed before it.", ex.Message);
    }

    [Fact]
    public async Task A_route_missing_from_the_read_back_is_deleted_again()
    {
        var host = CapturedHost.WithGre.AnswerState(new ScriptedExecutor(), OvsNeed.IfAvailable).Succeeds(Add80, Undo80);
        CapturedHost.WithGre.AnswerState(host, OvsNeed.IfAvailable);
        var plan = RoutePlanner.PlanAdd(await Read(host), To80(), force: false);
        var ex = await Assert.ThrowsAsync<XHostException>(() => plan.ApplyAsync(CancellationToken.None));
        host.AssertRan(Then(Add80).Concat(Reads).Append(Undo80).ToArray());
        Assert.Equal(ErrorIds.RouteNotPresent, ex.ErrorId);
        Assert.Equal("The route to 10.200.80.0/24 is not in host 'ssh:admin@h1:22''s main table after the change. The change was undone on host 'ssh:admin@h1:22' (" + Undo80 + ").", ex.Message);
    }

    [Fact]
    public async Task Removing_a_route_deletes_it_by_its_gateway_and_device_and_a_missing_one_is_already_as_asked()
    {
        var host = CapturedHost.WithVxlanAndRoute.AnswerState(new ScriptedExecutor(), OvsNeed.IfAvailable).Succeeds("ip route del 10.200.80.0/24 via 10.200.64.2 dev eth0");
        var state = await Read(host);
        Assert.True(RoutePlanner.PlanRemove(state, InterfaceAddress.Parse("10.200.80.0/24"), IPAddress.Parse("10.200.64.9")).IsEmpty);
        Assert.True(RoutePlanner.PlanRemove(state, InterfaceAddress.Parse("10.200.64.0/24"), null).IsEmpty); // the kernel's connected route is never removed
        Assert.Null(await RoutePlanner.PlanRemove(state, InterfaceAddress.Parse("10.200.80.0/24"), null).ApplyAsync(CancellationToken.None));
        host.AssertRan(Then("ip route del 10.200.80.0/24 via 10.200.64.2 dev eth0"));
    }
}
