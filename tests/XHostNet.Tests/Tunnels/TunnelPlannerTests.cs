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

namespace XHostNet.Tests.Tunnels;

/// <summary>The tunnel planner on snapshots and, through the scripted executor, on a host that answers.</summary>
public class TunnelPlannerTests
{
    [Fact]
    public void An_ovs_tunnel_plan_is_one_ovs_vsctl_transaction_undone_by_del_port()
    {
        var spec = new TunnelSpec { Kind = TunnelKind.Vxlan, Name = "vx1", Bridge = "obr0", RemoteAddress = IPAddress.Parse("10.201.0.5"), Vni = 9, Port = 4790 };
        var plan = TunnelPlanner.PlanAdd(OverlaySnapshot.State(), spec, force: false);
        Assert.Equal("ovs-vsctl --timeout=20 add-port obr0 vx1 -- set Interface vx1 type=vxlan options:dst_port=4790 options:key=9 options:remote_ip=10.201.0.5",
            ShellQuoting.Join(Assert.Single(plan.Commands)));
        // The undo is a database change only (--no-wait): quick even when ovs-vswitchd is what failed.
        Assert.Equal("ovs-vsctl --timeout=20 --no-wait --if-exists del-port vx1", ShellQuoting.Join(Assert.Single(plan.RollbackCommands)));
        // br0 (1462) and obr0 (1500) feed it; only obr0 exceeds what VXLAN over a 1500 underlay carries (1450).
        Assert.Contains(plan.Warnings, w => w.Contains("at most 1450 bytes") && w.Contains("obr0 (1500)") && w.Contains("br0 (1462)"));
    }

    [Fact]
    public void Tunnel_plans_refuse_clashes_before_changing_anything()
    {
        var same = new TunnelSpec { Kind = TunnelKind.Gre, Name = "gre0", Bridge = "obr0", RemoteAddress = IPAddress.Parse("10.201.0.2"), Key = 7 };
        Assert.True(TunnelPlanner.PlanAdd(OverlaySnapshot.State(), same, force: false).IsEmpty);
        Assert.Equal("TunnelEndpointInUse", Assert.Throws<XHostException>(() => TunnelPlanner.PlanAdd(OverlaySnapshot.State(), With(same, "gre1"), false)).ErrorId);
        Assert.Equal("InterfaceNameInUse", Assert.Throws<XHostException>(() => TunnelPlanner.PlanAdd(OverlaySnapshot.State(), With(same, "br1"), false)).ErrorId);
        Assert.Equal("TunnelBridgeNotFound", Assert.Throws<XHostException>(() => TunnelPlanner.PlanAdd(OverlaySnapshot.State(), With(same, "gre2", bridge: "nosuch"), false)).ErrorId);
        Assert.Equal("TunnelBridgeInvalid", Assert.Throws<XHostException>(() => TunnelPlanner.PlanAdd(OverlaySnapshot.State(), With(same, "gre2", bridge: "br0"), false)).ErrorId);
        var kernelTwin = new TunnelSpec { Kind = TunnelKind.Vxlan, Name = "vx9", Bridge = "br0", RemoteAddress = IPAddress.Parse("10.201.0.4"), Vni = 42, Port = 4789 };
        Assert.Equal("TunnelEndpointInUse", Assert.Throws<XHostException>(() => TunnelPlanner.PlanAdd(OverlaySnapshot.State(), kernelTwin, false)).ErrorId);

        static TunnelSpec With(TunnelSpec s, string name, string? bridge = null) =>
            new() { Kind = s.Kind, Name = name, Bridge = bridge ?? s.Bridge, RemoteAddress = s.RemoteAddress, Key = s.Key };
    }

    [Fact]
    public void A_kernel_vxlan_plan_sets_the_mtu_the_underlay_leaves_and_joins_the_bridge()
    {
        var spec = new TunnelSpec { Kind = TunnelKind.Vxlan, Name = "vx5", Bridge = "br0", RemoteAddress = IPAddress.Parse("10.201.0.2"), Vni = 5, Port = 4789 };
        var plan = TunnelPlanner.PlanAdd(OverlaySnapshot.State(), spec, force: false);
        Assert.Equal(new[]
        {
            "ip link add name vx5 type vxlan id 5 remote 10.201.0.2 dstport 4789",
            "ip link set dev vx5 mtu 1450",
            "ip link set dev vx5 master br0",
            "ip link set dev vx5 up",
        }, plan.Commands.Select(ShellQuoting.Join));
    }
}
