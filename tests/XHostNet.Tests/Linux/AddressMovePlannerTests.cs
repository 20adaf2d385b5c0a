using XHostNet.Execution;
using XHostNet.Linux;
using XHostNet.Sessions;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Linux;

/// <summary>The move's plan from a host's state (pure), and its watchdog script as sh reads it.</summary>
public class AddressMovePlannerTests
{
    private static readonly XHostSession Session = new();

    // eth0: a primary and a secondary IPv4 address (lifetimes of a DHCP lease on the primary), a global and a link-local
    // IPv6 address. br9: an existing bridge, down, with an address of its own. eth1: a port of br9 without addresses.
    private const string Links = """
        [{"ifindex":2,"ifname":"eth0","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1500,"operstate":"UP","address":"52:54:00:aa:bb:cc",
          "linkinfo":{"info_kind":"veth"},"addr_info":[
            {"family":"inet","local":"192.0.2.10","prefixlen":24,"broadcast":"192.0.2.255","scope":"global","dynamic":true,"valid_life_time":3600,"preferred_life_time":3000},
            {"family":"inet","local":"192.0.2.11","prefixlen":24,"broadcast":"192.0.2.255","scope":"global","secondary":true,"noprefixroute":true,"valid_life_time":4294967295,"preferred_life_time":4294967295},
            {"family":"inet6","local":"2001:db8::10","prefixlen":64,"scope":"global","valid_life_time":4294967295,"preferred_life_time":4294967295},
            {"family":"inet6","local":"fe80::5054:ff:feaa:bbcc","prefixlen":64,"scope":"link","valid_life_time":4294967295,"preferred_life_time":4294967295}]},
         {"ifindex":3,"ifname":"br9","flags":["BROADCAST","MULTICAST"],"mtu":1500,"operstate":"DOWN","address":"02:00:00:00:00:09",
          "linkinfo":{"info_kind":"bridge","info_data":{"stp_state":0}},"addr_info":[{"family":"inet","local":"198.51.100.1","prefixlen":24,"scope":"global"}]},
         {"ifindex":4,"ifname":"eth1","master":"br9","flags":["BROADCAST","MULTICAST","UP"],"mtu":1500,"operstate":"UP","address":"52:54:00:00:00:01",
          "linkinfo":{"info_kind":"veth"},"addr_info":[]}]
        """;

    private const string Routes4 = """
        [{"dst":"default","gateway":"192.0.2.1","dev":"eth0","protocol":"dhcp","prefsrc":"192.0.2.10","metric":100,"flags":[]},
         {"dst":"192.0.2.0/24","dev":"eth0","protocol":"kernel","scope":"link","prefsrc":"192.0.2.10","flags":[]},
         {"dst":"203.0.113.0/24","gateway":"192.0.2.254","dev":"eth0","table":"100","protocol":"$(touch /tmp/xhn-pwned)","metric":5,"flags":["onlink"],"metrics":[{"mtu":1400}]},
         {"dst":"198.18.0.0/15","dev":"eth0","protocol":"static","scope":"link","flags":[]},
         {"type":"local","dst":"192.0.2.10","dev":"eth0","table":"local","protocol":"kernel","scope":"host","prefsrc":"192.0.2.10","flags":[]},
         {"dst":"10.200.0.0/16","gateway":"198.51.100.254","dev":"br9","protocol":"static","flags":[]}]
        """;

    private const string Routes6 = """
        [{"dst":"2001:db8::/64","dev":"eth0","protocol":"kernel","metric":256,"flags":[],"pref":"medium"},
         {"dst":"fe80::/64","dev":"eth0","protocol":"kernel","metric":256,"flags":[],"pref":"medium"},
         {"dst":"default","gateway":"fe80::1","dev":"eth0","protocol":"ra","metric":1024,"flags":[],"pref":"high"}]
        """;

    private static AddressMoveState State(string links = Links) => AddressMoveState.Parse(Session, new[]
    {
        new CommandResult("local", IpJson.ShowLinksCommand, 0, links, "", TimeSpan.Zero),
        new CommandResult("local", AddressMoveState.ReadCommands[1], 0, Routes4, "", TimeSpan.Zero),
        new CommandResult("local", AddressMoveState.ReadCommands[2], 0, Routes6, "", TimeSpan.Zero),
    });

    private static string[] Lines(IEnumerable<IReadOnlyList<string>> commands) => commands.Select(ShellQuoting.Join).ToArray();

    [Fact]
    public void A_new_bridge_takes_the_MAC_the_addresses_with_their_attributes_and_every_route_but_the_kernels()
    {
        var plan = AddressMovePlanner.Plan(State(), "eth0", "br0", TimeSpan.FromSeconds(30));

        Assert.True(plan.CreatesBridge);
        Assert.Null(plan.Current);
        Assert.Equal(new[]
        {
            "ip link add name br0 type bridge",
            "ip link set dev br0 address 52:54:00:aa:bb:cc",
            "ip link set dev eth0 master br0",
            "ip link set dev br0 up",
            "ip -4 address add 192.0.2.10/24 broadcast 192.0.2.255 valid_lft 3600 preferred_lft 3000 dev br0",
            "ip -4 address add 192.0.2.11/24 broadcast 192.0.2.255 noprefixroute dev br0",
            "ip -6 address add 2001:db8::10/64 dev br0",
            // Device routes first: a gateway must be reachable on the bridge before a route through it goes there.
            "ip -4 route replace 198.18.0.0/15 dev br0 proto static scope link",
            "ip -4 route replace default via 192.0.2.1 dev br0 proto dhcp src 192.0.2.10 metric 100",
            // A value the host reported is quoted, never run: the protocol name here is shell code.
            "ip -4 route replace 203.0.113.0/24 via 192.0.2.254 dev br0 table 100 proto '$(touch /tmp/xhn-pwned)' metric 5 onlink mtu 1400",
            "ip -6 route replace default via fe80::1 dev br0 proto ra metric 1024 pref high",
            // Secondaries before their primary, which would take them along.
            "ip -6 address del 2001:db8::10/64 dev eth0",
            "ip -4 address del 192.0.2.11/24 dev eth0",
            "ip -4 address del 192.0.2.10/24 dev eth0",
        }, Lines(plan.ApplyCommands));
        Assert.Equal(new[]
        {
            "ip link set dev eth0 nomaster",
            "ip -4 address replace 192.0.2.10/24 broadcast 192.0.2.255 valid_lft 3600 preferred_lft 3000 dev eth0",
            "ip -4 address replace 192.0.2.11/24 broadcast 192.0.2.255 noprefixroute dev eth0",
            "ip -6 address replace 2001:db8::10/64 dev eth0",
            "ip -4 route replace 198.18.0.0/15 dev eth0 proto static scope link",
            "ip -4 route replace default via 192.0.2.1 dev eth0 proto dhcp src 192.0.2.10 metric 100",
            "ip -4 route replace 203.0.113.0/24 via 192.0.2.254 dev eth0 table 100 proto '$(touch /tmp/xhn-pwned)' metric 5 onlink mtu 1400",
            "ip -6 route replace default via fe80::1 dev eth0 proto ra metric 1024 pref high",
            "ip link delete dev br0 type bridge",
        }, Lines(plan.RestoreCommands));
        Assert.StartsWith("/run/xhostnet/move-", plan.Directory);
        Assert.Equal(new[] { "sh", "-c" }, plan.LaunchCommand.Take(2));
        Assert.Equal(plan.Script, plan.LaunchCommand[^1]);
    }

    [Fact]
    public void An_existing_bridge_keeps_its_own_address_and_gets_its_MAC_and_state_back_on_restore()
    {
        var links = Links.Replace("\"ifname\":\"eth1\",\"master\":\"br9\"", "\"ifname\":\"eth1\"");
        var plan = AddressMovePlanner.Plan(State(links), "eth0", "br9", TimeSpan.FromSeconds(30));

        Assert.False(plan.CreatesBridge);
        Assert.NotNull(plan.Current);
        Assert.DoesNotContain(Lines(plan.ApplyCommands), l => l.StartsWith("ip link add"));
        var restore = Lines(plan.RestoreCommands);
        Assert.Equal(new[]
        {
            "ip -6 address del 2001:db8::10/64 dev br9",
            "ip -4 address del 192.0.2.11/24 dev br9",
            "ip -4 address del 192.0.2.10/24 dev br9",
            "ip link set dev br9 address 02:00:00:00:00:09",
            "ip link set dev br9 down",
        }, restore[^5..]);
        Assert.DoesNotContain(restore, l => l.Contains("198.51.100.1"));
    }

    [Fact]
    public void A_release_moves_the_bridges_address_and_routes_back_onto_its_port_and_restores_them_into_the_bridge()
    {
        var plan = AddressMovePlanner.PlanRelease(State(), "eth1", "br9", new[] { "198.51.100.1/24" }, new[] { "198.51.100.254" }, deleteBridge: true, TimeSpan.FromSeconds(30));

        Assert.True(plan.Release);
        Assert.Equal(new[]
        {
            "ip link set dev eth1 nomaster",
            "ip -4 address replace 198.51.100.1/24 dev eth1",
            "ip -4 route replace 10.200.0.0/16 via 198.51.100.254 dev eth1 proto static",
            "ip -4 address del 198.51.100.1/24 dev br9",
            "ip link delete dev br9 type bridge",
        }, Lines(plan.ApplyCommands));
        var restore = Lines(plan.RestoreCommands);
        Assert.Contains("xhostnet-bridge br9", restore[0]);
        Assert.Equal(new[]
        {
            "ip link set dev br9 address 02:00:00:00:00:09",
            "ip link set dev eth1 master br9",
            "ip -4 address replace 198.51.100.1/24 dev br9",
            "ip -4 route replace 10.200.0.0/16 via 198.51.100.254 dev br9 proto static",
            "ip -4 address del 198.51.100.1/24 dev eth1",
        }, restore[1..]);
        Assert.Contains("'eth1' out of bridge 'br9' (deleted)", plan.Details[0]);
        Assert.Contains("ip link delete dev br9 type bridge", plan.Script);

        // A bridge that was there before keeps its other addresses and routes, and stays.
        var keep = AddressMovePlanner.PlanRelease(State(), "eth1", "br9", new[] { "198.51.100.1/24" }, Array.Empty<string>(), deleteBridge: false, TimeSpan.FromSeconds(30));
        Assert.DoesNotContain(Lines(keep.ApplyCommands), l => l.Contains("route") || l.Contains("delete"));
        // Released already (the NIC out of the bridge, the address not on it): nothing to do.
        Assert.True(AddressMovePlanner.PlanRelease(State(), "eth0", "br9", new[] { "192.0.2.10/24" }, Array.Empty<string>(), deleteBridge: true, TimeSpan.FromSeconds(30)).IsEmpty);
    }

    [Fact]
    public void Bad_input_is_refused_before_anything_changes_and_a_finished_move_plans_nothing()
    {
        var state = State();
        Assert.Equal(ErrorIds.InterfaceNotFound, Assert.Throws<XHostException>(() => AddressMovePlanner.Plan(state, "eth7", "br0", TimeSpan.FromSeconds(30))).ErrorId);
        Assert.Equal(ErrorIds.InterfaceHasOtherMaster, Assert.Throws<XHostException>(() => AddressMovePlanner.Plan(state, "eth1", "br0", TimeSpan.FromSeconds(30))).ErrorId);
        Assert.Equal(ErrorIds.BridgePortIsBridge, Assert.Throws<XHostException>(() => AddressMovePlanner.Plan(state, "br9", "br0", TimeSpan.FromSeconds(30))).ErrorId);
        Assert.Equal(ErrorIds.InterfaceNotABridge, Assert.Throws<XHostException>(() => AddressMovePlanner.Plan(state, "eth1", "eth0", TimeSpan.FromSeconds(30))).ErrorId);
        var bare = Links.Replace("\"ifname\":\"eth1\",\"master\":\"br9\"", "\"ifname\":\"eth1\"");
        Assert.Equal(ErrorIds.AddressMoveNothingToMove, Assert.Throws<XHostException>(() => AddressMovePlanner.Plan(State(bare), "eth1", "br0", TimeSpan.FromSeconds(30))).ErrorId);

        var moved = AddressMovePlanner.Plan(state, "eth1", "br9", TimeSpan.FromSeconds(30));
        Assert.True(moved.IsEmpty);
        Assert.True(moved.ToChangePlan().IsEmpty);
    }

    [Fact]
    public void The_watchdog_script_is_valid_sh_and_names_its_timeout_directory_and_every_command()
    {
        var plan = AddressMovePlanner.Plan(State(), "eth0", "br0", TimeSpan.FromSeconds(12));
        var check = Sh.RunWithInput(plan.Script, "sh", "-n");
        Assert.True(check.ExitCode == 0, check.Err);
        Assert.Contains("end=$(( $(date +%s) + 12 ))", plan.Script);
        Assert.Contains("d=" + plan.Directory + "\n", plan.Script);
        foreach (var command in plan.ApplyCommands) Assert.Contains("  step " + ShellQuoting.Join(command) + " || return 1\n", plan.Script);
        Assert.Contains("  gone ip link delete dev br0 type bridge || r=1\n", plan.Script);
        Assert.Contains("within 12 s", string.Join("\n", plan.ToChangePlan().Details));
    }
}
