using System.Net;
using XHostNet.Execution;
using XHostNet.Linux;
using XHostNet.Ovs;
using XHostNet.Tunnels;
using XHostNet.Tests.Planning;

namespace XHostNet.Tests.Tunnels;

/// <summary>
/// Split horizon on tunnel ports (Open vSwitch protected ports, Linux bridge isolated ports) and the warning when
/// tunnels on one bridge may forward to each other, which loops as soon as three hosts are meshed.
/// </summary>
public sealed class SplitHorizonPlannerTests
{
    private static TunnelSpec Gre(string name, string remote, bool splitHorizon) =>
        new() { Kind = TunnelKind.Gre, Name = name, Bridge = "obr0", RemoteAddress = IPAddress.Parse(remote), Key = 7, SplitHorizon = splitHorizon };

    [Fact]
    public void A_split_horizon_ovs_tunnel_is_added_as_a_protected_port_in_the_same_transaction()
    {
        var plan = TunnelPlanner.PlanAdd(OverlaySnapshot.State(), Gre("gre1", "10.201.0.3", splitHorizon: true), force: false);
        Assert.Equal("ovs-vsctl --timeout=20 add-port obr0 gre1 -- set Interface gre1 type=gre options:key=7 options:remote_ip=10.201.0.3 -- set Port gre1 protected=true",
            ShellQuoting.Join(Assert.Single(plan.Commands)));
        // gre0 is not protected: the two still forward to each other.
        Assert.Contains(plan.Warnings, w => w.Contains("'gre1' and 'gre0' on bridge 'obr0'") && w.Contains("layer-2 loop") && w.Contains("-SplitHorizon"));
    }

    [Fact]
    public void A_second_tunnel_without_split_horizon_warns_of_the_loop_and_a_lone_one_does_not()
    {
        var plan = TunnelPlanner.PlanAdd(OverlaySnapshot.State(), Gre("gre1", "10.201.0.3", splitHorizon: false), force: false);
        Assert.DoesNotContain("protected", ShellQuoting.Join(Assert.Single(plan.Commands)));
        Assert.Contains(plan.Warnings, w => w.Contains("layer-2 loop"));

        var lone = TunnelPlanner.PlanAdd(OverlaySnapshot.State(), Gre("gre0", "10.201.0.2", splitHorizon: false), force: false);
        Assert.True(lone.IsEmpty);
        Assert.DoesNotContain(lone.Warnings, w => w.Contains("loop"));
    }

    [Fact]
    public void Asking_split_horizon_of_an_existing_tunnel_protects_its_port_and_nothing_else()
    {
        var plan = TunnelPlanner.PlanAdd(OverlaySnapshot.State(), Gre("gre0", "10.201.0.2", splitHorizon: true), force: false);
        Assert.Equal("ovs-vsctl --timeout=20 set Port gre0 protected=true", ShellQuoting.Join(Assert.Single(plan.Commands)));
    }

    [Fact]
    public void A_split_horizon_kernel_vxlan_is_isolated_after_it_joins_the_bridge()
    {
        var spec = new TunnelSpec { Kind = TunnelKind.Vxlan, Name = "vx6", Bridge = "br1", RemoteAddress = IPAddress.Parse("10.201.0.6"), Vni = 6, Port = 4789, SplitHorizon = true };
        var plan = TunnelPlanner.PlanAdd(OverlaySnapshot.State(), spec, force: false);
        Assert.Equal(new[]
        {
            "ip link add name vx6 type vxlan id 6 remote 10.201.0.6 dstport 4789",
            "ip link set dev vx6 mtu 1450",
            "ip link set dev vx6 master br1",
            "ip link set dev vx6 up",
            "ip link set dev vx6 type bridge_slave isolated on",
        }, plan.Commands.Select(ShellQuoting.Join));
        Assert.Contains(plan.Warnings, w => w.Contains("'vx6' and 'vx0' on bridge 'br1'"));
    }

    [Fact]
    public void Protected_ports_and_isolated_bridge_ports_are_read_from_the_tools_json()
    {
        // ovs-vsctl 3.1 prints the boolean column as a JSON boolean.
        var ovs = OvsState.Parse("""
            {"data":[[["uuid","b1"],"obr0","netdev",["set",[["uuid","p1"],["uuid","p2"]]]]],"headings":["_uuid","name","datapath_type","ports"]}
            {"data":[[["uuid","p1"],"gre1",["uuid","i1"],true],[["uuid","p2"],"gre2",["uuid","i2"],false]],"headings":["_uuid","name","interfaces","protected"]}
            {"data":[[["uuid","i1"],"gre1","gre",["map",[["remote_ip","10.201.0.2"]]],["set",[]],1,"up",["set",[]],["map",[]],["map",[]]],[["uuid","i2"],"gre2","gre",["map",[["remote_ip","10.201.0.3"]]],["set",[]],2,"up",["set",[]],["map",[]],["map",[]]]],"headings":["_uuid","name","type","options","error","ofport","link_state","mtu","status","statistics"]}
            """);
        Assert.True(ovs.Interface("gre1")!.Protected);
        Assert.False(ovs.Interface("gre2")!.Protected);

        var links = IpJson.ParseLinks("""
            [{"ifindex":5,"ifname":"vx1","flags":["UP"],"mtu":1450,"master":"br0","operstate":"UNKNOWN","address":"aa:00:00:00:00:04",
              "linkinfo":{"info_kind":"vxlan","info_data":{"id":1,"remote":"10.201.0.3","port":4789},"info_slave_kind":"bridge","info_slave_data":{"state":"forwarding","isolated":true}},"addr_info":[]},
             {"ifindex":6,"ifname":"br0","flags":["UP"],"mtu":1450,"operstate":"UP","address":"aa:00:00:00:00:05","linkinfo":{"info_kind":"bridge","info_data":{"stp_state":0}},"addr_info":[]}]
            """);
        Assert.True(links[0].Isolated);
        Assert.Null(links[1].Isolated);
    }
}
