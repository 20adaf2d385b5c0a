using System.Net;
using XHostNet.Execution;
using XHostNet.Linux;
using XHostNet.Ovs;
using XHostNet.Planning;
using XHostNet.PowerShell;
using XHostNet.Routing;
using XHostNet.Sessions;
using XHostNet.Tunnels;

namespace XHostNet.Tests.Tunnels;

/// <summary>The overlay core without a host: parsers on real tool output, planners on snapshots, MTU arithmetic.</summary>
public class OverlayCoreTests
{
    // Captured from ovs-vsctl 3.1 on a lab host (userspace datapath), trimmed to the columns read.
    private const string OvsOutput = """
        {"data":[[["uuid","b1"],"obr0","netdev",["set",[["uuid","p1"],["uuid","p2"]]]],[["uuid","b2"],"obrphy","netdev",["uuid","p3"]]],"headings":["_uuid","name","datapath_type","ports"]}
        {"data":[[["uuid","p1"],"obr0",["uuid","i1"]],[["uuid","p2"],"gre0",["uuid","i2"]],[["uuid","p3"],"obrphy",["uuid","i3"]]],"headings":["_uuid","name","interfaces"]}
        {"data":[[["uuid","i1"],"obr0","internal",["map",[]],["set",[]],65534,"up",1500,["map",[["driver_name","tun"]]],["map",[]]],[["uuid","i2"],"gre0","gre",["map",[["key","7"],["remote_ip","10.201.0.2"]]],["set",[]],1,"up",["set",[]],["map",[["tunnel_egress_iface","obrphy"],["tunnel_egress_iface_carrier","up"]]],["map",[["rx_packets",44],["tx_packets",95]]]],[["uuid","i3"],"obrphy","internal",["map",[]],"could not open network device obrphy (No such device)",["set",[]],"down",["set",[]],["map",[]],["map",[]]]],"headings":["_uuid","name","type","options","error","ofport","link_state","mtu","status","statistics"]}
        """;

    private const string Links = """
        [{"ifindex":2,"ifname":"obrphy","flags":["UP"],"mtu":1500,"operstate":"UNKNOWN","address":"aa:00:00:00:00:01","linkinfo":{"info_kind":"tun"},"addr_info":[{"family":"inet","local":"10.201.0.1","prefixlen":24,"scope":"global"}]},
         {"ifindex":3,"ifname":"obr0","flags":["UP"],"mtu":1500,"master":"br0","operstate":"UNKNOWN","address":"aa:00:00:00:00:02","linkinfo":{"info_kind":"tun"},"addr_info":[]},
         {"ifindex":4,"ifname":"br0","flags":["UP"],"mtu":1462,"operstate":"UP","address":"aa:00:00:00:00:03","linkinfo":{"info_kind":"bridge","info_data":{"stp_state":0}},"addr_info":[{"family":"inet","local":"10.201.1.1","prefixlen":24,"scope":"global"}]},
         {"ifindex":5,"ifname":"vx0","flags":["UP"],"mtu":1500,"master":"br1","operstate":"UNKNOWN","address":"aa:00:00:00:00:04","linkinfo":{"info_kind":"vxlan","info_data":{"id":42,"remote":"10.201.0.3","port":4789}},"addr_info":[],
          "stats64":{"rx":{"bytes":1,"packets":3},"tx":{"bytes":1,"packets":9}}},
         {"ifindex":6,"ifname":"br1","flags":["UP"],"mtu":1500,"operstate":"UP","address":"aa:00:00:00:00:05","linkinfo":{"info_kind":"bridge","info_data":{"stp_state":0}},"addr_info":[]}]
        """;

    private const string Routes = """
        [{"dst":"10.201.0.0/24","dev":"obrphy","protocol":"kernel","scope":"link","prefsrc":"10.201.0.1","flags":[]},
         {"dst":"10.201.1.0/24","dev":"br0","protocol":"kernel","scope":"link","prefsrc":"10.201.1.1","flags":[]},
         {"dst":"10.201.2.0/24","gateway":"10.201.2.1","dev":"br0","protocol":"static","flags":["onlink"]},
         {"dst":"10.201.9.9","gateway":"10.201.0.2","dev":"obrphy","flags":[]},
         {"dst":"default","gateway":"10.201.0.254","dev":"obrphy","metric":100,"flags":[]}]
        """;

    private static HostNetworkState State() =>
        new(new XHostSession(), IpJson.ParseLinks(Links), IpRouteJson.Parse(Routes), OvsState.Parse(OvsOutput));

    [Fact]
    public void Ovs_json_tables_parse_into_bridges_ports_and_interfaces_with_their_quiet_failures()
    {
        var ovs = OvsState.Parse(OvsOutput);
        Assert.Equal(new[] { "gre0", "obr0" }, ovs.Bridge("obr0")!.Ports);
        var gre = ovs.Interface("gre0")!;
        Assert.Equal(("gre", "obr0", 1, (string?)null), (gre.Type, gre.Bridge, gre.OfPort!.Value, gre.Failure));
        Assert.Equal("10.201.0.2", gre.Options["remote_ip"]);
        Assert.Equal("95", gre.Statistics["tx_packets"]);
        Assert.True(gre.IsTunnel);
        // An error column, or no ofport, is a failure even though ovs-vsctl exited 0.
        Assert.Equal("could not open network device obrphy (No such device)", ovs.Interface("obrphy")!.Failure);
        Assert.Equal(new[] { "gre0" }, ovs.TunnelsOn("obr0").Select(i => i.Name));
    }

    [Fact]
    public void Ovs_output_that_is_not_three_tables_is_an_error() =>
        Assert.Equal(ErrorIds.ToolOutputUnreadable, Assert.Throws<XHostException>(() => OvsState.Parse("""{"data":[],"headings":[]}""")).ErrorId);

    [Fact]
    public void Tunnels_report_their_overlay_mtu_from_the_underlay_device()
    {
        var gre = Assert.Single(TunnelReader.Gre(State()));
        Assert.Equal(("gre0", "7", "obrphy", 1500, 42, 1458), (gre.Name, gre.Key, gre.EgressInterface, gre.UnderlayMtu!.Value, gre.Overhead, gre.OverlayMtu!.Value));
        Assert.Equal((95L, 44L), (gre.TxPackets!.Value, gre.RxPackets!.Value));
        var vx = Assert.Single(TunnelReader.Vxlan(State()));
        // A kernel VXLAN without "dev": the underlay is found from the routes (10.201.0.3 is on obrphy's network).
        Assert.Equal((TunnelImplementation.Kernel, 42, 4789, "br1", "obrphy", 1450, 9L), (vx.Implementation, vx.Vni, vx.Port, vx.Bridge, vx.EgressInterface, vx.OverlayMtu!.Value, vx.TxPackets!.Value));
    }

    [Theory]
    [InlineData(false, false, 38)]
    [InlineData(false, true, 42)]
    [InlineData(true, false, 58)]
    public void Gre_overhead_counts_outer_ip_gre_header_key_and_inner_ethernet(bool ipv6, bool key, int bytes) =>
        Assert.Equal(bytes, TunnelOverhead.Gre(ipv6, key));

    [Fact]
    public void Vxlan_overhead_is_50_bytes_over_ipv4_and_70_over_ipv6() =>
        Assert.Equal((50, 70), (TunnelOverhead.Vxlan(false), TunnelOverhead.Vxlan(true)));

    [Fact]
    public void Ip_routes_parse_host_and_default_routes_and_the_lookup_takes_the_longest_prefix()
    {
        var routes = IpRouteJson.Parse(Routes);
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
        var state = State();
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

    [Fact]
    public void A_route_plan_is_empty_when_the_route_exists_and_a_conflict_otherwise()
    {
        var spec = new RouteSpec { Destination = InterfaceAddress.Parse("10.201.2.0/24"), Gateway = IPAddress.Parse("10.201.2.1"), Interface = "br0", OnLink = true };
        Assert.True(RoutePlanner.PlanAdd(State(), spec, force: false).IsEmpty);
        spec.Gateway = IPAddress.Parse("10.201.2.9");
        var conflict = Assert.Throws<XHostException>(() => RoutePlanner.PlanAdd(State(), spec, force: false));
        Assert.Equal(ErrorIds.RouteConflict, conflict.ErrorId);
        var forced = RoutePlanner.PlanAdd(State(), spec, force: true);
        Assert.Equal("ip route replace 10.201.2.0/24 via 10.201.2.9 dev br0 onlink proto static", ShellQuoting.Join(Assert.Single(forced.Commands)));
    }

    [Fact]
    public void A_route_via_the_underlay_on_a_host_with_tunnels_is_warned_about()
    {
        var spec = new RouteSpec { Destination = InterfaceAddress.Parse("10.201.3.0/24"), Gateway = IPAddress.Parse("10.201.0.3") };
        var plan = RoutePlanner.PlanAdd(State(), spec, force: false);
        Assert.Equal("ip route add 10.201.3.0/24 via 10.201.0.3 proto static", ShellQuoting.Join(Assert.Single(plan.Commands)));
        Assert.Contains(plan.Warnings, w => w.Contains("out of obrphy as plain IP") && w.Contains("gre0, vx0"));
        Assert.Equal("ip route del 10.201.3.0/24 via 10.201.0.3", ShellQuoting.Join(Assert.Single(plan.RollbackCommands)));
    }

    [Fact]
    public void An_ovs_tunnel_plan_is_one_ovs_vsctl_transaction_undone_by_del_port()
    {
        var spec = new TunnelSpec { Kind = TunnelKind.Vxlan, Name = "vx1", Bridge = "obr0", RemoteAddress = IPAddress.Parse("10.201.0.5"), Vni = 9, Port = 4790 };
        var plan = TunnelPlanner.PlanAdd(State(), spec, force: false);
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
        Assert.True(TunnelPlanner.PlanAdd(State(), same, force: false).IsEmpty);
        Assert.Equal(ErrorIds.TunnelEndpointInUse, Assert.Throws<XHostException>(() => TunnelPlanner.PlanAdd(State(), With(same, "gre1"), false)).ErrorId);
        Assert.Equal(ErrorIds.InterfaceNameInUse, Assert.Throws<XHostException>(() => TunnelPlanner.PlanAdd(State(), With(same, "br1"), false)).ErrorId);
        Assert.Equal(ErrorIds.TunnelBridgeNotFound, Assert.Throws<XHostException>(() => TunnelPlanner.PlanAdd(State(), With(same, "gre2", bridge: "nosuch"), false)).ErrorId);
        Assert.Equal(ErrorIds.TunnelBridgeInvalid, Assert.Throws<XHostException>(() => TunnelPlanner.PlanAdd(State(), With(same, "gre2", bridge: "br0"), false)).ErrorId);
        var kernelTwin = new TunnelSpec { Kind = TunnelKind.Vxlan, Name = "vx9", Bridge = "br0", RemoteAddress = IPAddress.Parse("10.201.0.4"), Vni = 42, Port = 4789 };
        Assert.Equal(ErrorIds.TunnelEndpointInUse, Assert.Throws<XHostException>(() => TunnelPlanner.PlanAdd(State(), kernelTwin, false)).ErrorId);

        static TunnelSpec With(TunnelSpec s, string name, string? bridge = null) =>
            new() { Kind = s.Kind, Name = name, Bridge = bridge ?? s.Bridge, RemoteAddress = s.RemoteAddress, Key = s.Key };
    }

    [Fact]
    public void A_kernel_vxlan_plan_sets_the_mtu_the_underlay_leaves_and_joins_the_bridge()
    {
        var spec = new TunnelSpec { Kind = TunnelKind.Vxlan, Name = "vx5", Bridge = "br0", RemoteAddress = IPAddress.Parse("10.201.0.2"), Vni = 5, Port = 4789 };
        var plan = TunnelPlanner.PlanAdd(State(), spec, force: false);
        Assert.Equal(new[]
        {
            "ip link add name vx5 type vxlan id 5 remote 10.201.0.2 dstport 4789",
            "ip link set dev vx5 mtu 1450",
            "ip link set dev vx5 master br0",
            "ip link set dev vx5 up",
        }, plan.Commands.Select(ShellQuoting.Join));
    }

    [Fact]
    public void Network_prefix_arithmetic()
    {
        var a = InterfaceAddress.Parse("10.201.1.7/24");
        Assert.Equal(("10.201.1.0/24", false), (a.Network.ToString(), a.IsNetwork));
        Assert.True(a.Contains(IPAddress.Parse("10.201.1.200")));
        Assert.False(a.Contains(IPAddress.Parse("10.201.2.1")));
        Assert.True(InterfaceAddress.Parse("10.200.0.0/13").Overlaps(a));
        Assert.False(InterfaceAddress.Parse("10.201.2.0/24").Overlaps(a));
        Assert.Equal("fd00:1::/64", InterfaceAddress.Parse("fd00:1::5/64").Network.ToString());
        Assert.Equal("10.201.1.0/25", InterfaceAddress.Parse("10.201.1.127/25").Network.ToString());
    }

    [Theory]
    [InlineData("10.201.0.2", true)]
    [InlineData("fd00::2", true)]
    [InlineData("0.0.0.0", false)]
    [InlineData("255.255.255.255", false)]
    [InlineData("127.0.0.1", false)]
    [InlineData("::1", false)]
    [InlineData("239.1.1.1", false)]
    [InlineData("ff02::1", false)]
    public void Tunnel_endpoints_must_be_unicast(string address, bool valid) =>
        Assert.Equal(valid, ValidateUnicastAddressAttribute.IsValid(IPAddress.Parse(address), out _));

    [Fact]
    public void Ovs_database_errors_say_which_socket_and_what_to_do()
    {
        var session = new XHostSession { OvsDatabase = "unix:/usr/local/var/run/openvswitch/db.sock" };
        var result = new CommandResult("local", new[] { "ovs-vsctl" }, 1, "",
            "ovs-vsctl: unix:/usr/local/var/run/openvswitch/db.sock: database connection failed (No such file or directory)\n", TimeSpan.Zero);
        var error = OvsVsctl.Explain(result, session)!;
        Assert.Equal(ErrorIds.OvsDatabaseUnavailable, error.ErrorId);
        Assert.Contains("at unix:/usr/local/var/run/openvswitch/db.sock (database connection failed (No such file or directory))", error.Message);
        Assert.Equal(ErrorIds.OvsNotInstalled, OvsVsctl.Explain(new CommandResult("local", new[] { "ovs-vsctl" }, 127, "", "sh: ovs-vsctl: not found", TimeSpan.Zero), session)!.ErrorId);
        Assert.Equal("ovs-vsctl --db=unix:/usr/local/var/run/openvswitch/db.sock --timeout=20 list-br", ShellQuoting.Join(OvsVsctl.Command(session, "list-br")));
    
    }

    [Theory]
    [InlineData("unix:/usr/local/var/run/openvswitch/db.sock", "mkdir -p /usr/local/var/run/openvswitch /usr/local/var/log/openvswitch /usr/local/etc/openvswitch",
        "ovsdb-tool create /usr/local/etc/openvswitch/conf.db")]
    [InlineData("unix:/run/openvswitch/db.sock", "mkdir -p /run/openvswitch /var/log/openvswitch /etc/openvswitch", "ovsdb-tool create /etc/openvswitch/conf.db")]
    [InlineData("unix:/tmp/lab/h1/db.sock", "mkdir -p /tmp/lab/h1", "ovsdb-tool create /tmp/lab/h1/conf.db")]
    public void Start_finds_the_database_file_and_logs_where_the_install_keeps_them(string database, string mkdir, string create)
    {
        var session = new XHostSession { OvsDatabase = database };
        var plan = OvsDaemon.PlanStart(session, new OvsDaemonStatus(), databaseFileExists: false);
        var commands = plan.Commands.Select(ShellQuoting.Join).ToList();
        Assert.Equal(mkdir, commands[0]);
        Assert.Equal(create, commands[1]);
        Assert.Contains(commands, c => c.StartsWith("env OVS_RUNDIR=") && c.Contains("ovs-vswitchd " + database));
    }
}
