using System.Collections;
using System.Net;
using XHostNet.Execution;
using XHostNet.Linux;
using XHostNet.Network;
using XHostNet.Planning;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Network;

/// <summary>
/// The whole-network planner without root: hosts made of the tools' own JSON (ip -j, ovs-vsctl --format=json, the
/// record listing), read through NetworkHostRead.Parse as the one read round trip would, then planned.
/// </summary>
public sealed class NetworkPlannerTests
{
    private const string Records = "/var/lib/xhostnet/networks";

    private static readonly string EmptyOvs = string.Join("\n",
        "{\"data\":[],\"headings\":[\"_uuid\",\"name\",\"datapath_type\",\"ports\"]}",
        "{\"data\":[],\"headings\":[\"_uuid\",\"name\",\"interfaces\"]}",
        "{\"data\":[],\"headings\":[\"_uuid\",\"name\",\"type\",\"options\",\"error\",\"ofport\",\"link_state\",\"mtu\",\"status\",\"statistics\"]}");

    /// <summary>A host with lo, eth1 holding its underlay address (10.201.0.N/24), a management /30 of its own, and its records.</summary>
    private static NetworkHostRead Host(int n, OvsNeed ovs, IDictionary<string, string>? records = null, string forwarding = "1", string extraLinks = "", string extraRoutes = "",
        ScriptedExecutor? executor = null, bool move = false)
    {
        var session = (executor ?? new ScriptedExecutor($"ssh:root@h{n}:22")).Session;
        var links = "[" +
            "{\"ifindex\":1,\"ifname\":\"lo\",\"flags\":[\"LOOPBACK\",\"UP\"],\"mtu\":65536,\"operstate\":\"UNKNOWN\",\"addr_info\":[{\"family\":\"inet\",\"local\":\"127.0.0.1\",\"prefixlen\":8,\"scope\":\"host\"}]}," +
            $"{{\"ifindex\":2,\"ifname\":\"eth1\",\"address\":\"02:00:00:00:00:0{n}\",\"flags\":[\"UP\"],\"mtu\":1500,\"operstate\":\"UP\",\"addr_info\":[{{\"family\":\"inet\",\"local\":\"10.201.0.{n}\",\"prefixlen\":24,\"scope\":\"global\"}}]}}," +
            $"{{\"ifindex\":3,\"ifname\":\"mgmt0\",\"flags\":[\"UP\"],\"mtu\":1500,\"operstate\":\"UP\",\"addr_info\":[{{\"family\":\"inet\",\"local\":\"10.206.0.{4 * n + 2}\",\"prefixlen\":30,\"scope\":\"global\"}}]}}" +
            extraLinks + "]";
        var routes = "[{\"dst\":\"10.201.0.0/24\",\"dev\":\"eth1\",\"protocol\":\"kernel\",\"scope\":\"link\",\"prefsrc\":\"10.201.0." + n + "\",\"flags\":[]}" + extraRoutes + "]";
        var listing = string.Concat((records ?? new Dictionary<string, string>()).Select(r =>
            $"{r.Key}.json {Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(r.Value))}\n"));
        var commands = NetworkHostRead.ReadCommands(session, ovs, Records, move);
        var outputs = new List<string> { links, routes, "[]" };
        if (ovs != OvsNeed.None) outputs.Add(EmptyOvs);
        outputs.Add(listing);
        outputs.Add(forwarding + "\n");
        // What a NIC's move reads, in the same trip: the links again, the routes of all tables in both families.
        if (move) outputs.AddRange(new[] { links, routes, "[]" });
        var results = commands.Select((c, i) => new CommandResult(session.Host, c, 0, outputs[i], "", TimeSpan.Zero)).ToList();
        return NetworkHostRead.Parse(session, results, ovs, Records, move);
    }

    private static NetworkSpec Spec(NetworkMode mode, params NetworkHostRead[] hosts) => new()
    {
        Name = "lab", Mode = mode, ContainerNetwork = InterfaceAddress.Parse("10.202.0.0/16"), RecordDirectory = Records,
        Hosts = hosts.Select(h => new NetworkHostSpec { Session = h.Session }).ToList(),
    };

    private static (NetworkTopology Topology, List<NetworkHostPlan> Plans) Plan(NetworkSpec spec, params NetworkHostRead[] hosts)
    {
        var topology = NetworkTopology.Resolve(spec, spec.Hosts.Zip(hosts).ToList());
        return (topology, topology.Members.Select(m => NetworkPlanner.PlanConnect(spec, topology, m)).ToList());
    }

    private static List<string> Lines(NetworkHostPlan plan) => plan.Plan.Commands.Select(ShellQuoting.Join).ToList();

    [Fact]
    public void The_underlay_is_the_network_every_host_shares_and_each_host_gets_its_own_subnet_in_order()
    {
        var hosts = new[] { Host(1, OvsNeed.IfAvailable), Host(2, OvsNeed.IfAvailable), Host(3, OvsNeed.IfAvailable) };
        var (topology, _) = Plan(Spec(NetworkMode.HostRoutes, hosts), hosts);
        Assert.Empty(topology.Failures);
        Assert.Equal(new[] { "10.201.0.1", "10.201.0.2", "10.201.0.3" }, topology.Members.Select(m => m.UnderlayAddress.ToString()));
        Assert.Equal(new[] { "10.202.0.0/24", "10.202.1.0/24", "10.202.2.0/24" }, topology.Members.Select(m => m.Subnet.ToString()));
        Assert.Equal(new[] { "10.202.0.1/24", "10.202.1.1/24", "10.202.2.1/24" }, topology.Members.Select(m => m.BridgeAddress.ToString()));
        Assert.Equal(1500, topology.Mtu);
    }

    [Fact]
    public void HostRoutes_routes_each_peer_via_its_underlay_address_and_records_what_it_made_in_one_batch()
    {
        var hosts = new[] { Host(1, OvsNeed.IfAvailable, forwarding: "0"), Host(2, OvsNeed.IfAvailable), Host(3, OvsNeed.IfAvailable) };
        var (_, plans) = Plan(Spec(NetworkMode.HostRoutes, hosts), hosts);
        var lines = Lines(plans[0]);
        Assert.Equal(new[]
        {
            "ip link add name br0 type bridge", "ip link set dev br0 mtu 1500", "ip address add 10.202.0.1/24 dev br0", "ip link set dev br0 up",
            "ip route add 10.202.1.0/24 via 10.201.0.2 proto static", "ip route add 10.202.2.0/24 via 10.201.0.3 proto static",
            "sysctl -qw net.ipv4.ip_forward=1",
        }, lines.Take(7));
        Assert.StartsWith("sh -c ", lines[7]); // the record, written atomically in the same batch
        Assert.Equal(8, lines.Count);
        var record = plans[0].Record!;
        Assert.Equal(new[] { "bridge br0", "route 10.202.1.0/24 via 10.201.0.2", "route 10.202.2.0/24 via 10.201.0.3", "net.ipv4.ip_forward=1 (was 0)" },
            record.Made.Select(i => i.ToString()));
        Assert.Contains(plans[0].Plan.Details, d => d.Contains("\"mode\": \"HostRoutes\""));
        // A failure part-way undoes what the batch made, newest first, the record's write first of all.
        Assert.Equal("ip link delete dev br0", ShellQuoting.Join(plans[0].Plan.RollbackCommands.Last()));
    }

    [Fact]
    public void SharedLan_moves_the_nic_by_its_watchdog_first_and_records_the_move_only_in_the_batch_that_follows_its_confirmation()
    {
        const string gateway = ",{\"dst\":\"default\",\"gateway\":\"10.201.0.254\",\"dev\":\"eth1\",\"protocol\":\"static\",\"flags\":[]}";
        var hosts = new[] { Host(1, OvsNeed.IfAvailable, extraRoutes: gateway, move: true), Host(2, OvsNeed.IfAvailable, extraRoutes: gateway, move: true) };
        Assert.Equal(NetworkHostRead.ReadCommands(hosts[0].Session, OvsNeed.IfAvailable, Records).Count + 3,
            NetworkHostRead.ReadCommands(hosts[0].Session, OvsNeed.IfAvailable, Records, move: true).Count); // still one read
        var spec = Spec(NetworkMode.SharedLan, hosts);
        spec.ContainerNetwork = InterfaceAddress.Parse("10.201.0.128/25");
        spec.ConfirmTimeout = TimeSpan.FromSeconds(12);
        var plan = Plan(spec, hosts).Plans[0];

        var move = plan.Move!;
        Assert.Equal(("eth1", "br0", TimeSpan.FromSeconds(12)), (move.Nic, move.Bridge, move.ConfirmTimeout));
        Assert.Equal(new[]
        {
            "ip link add name br0 type bridge", "ip link set dev br0 address 02:00:00:00:00:01", "ip link set dev eth1 master br0", "ip link set dev br0 up",
        }, move.ApplyCommands.Take(4).Select(ShellQuoting.Join));
        Assert.Contains("ip link delete dev br0 type bridge", move.RestoreCommands.Select(ShellQuoting.Join));
        // The batch after the move changes nothing on the links: it writes the record that claims the move, and reads back.
        Assert.StartsWith("sh -c ", Assert.Single(Lines(plan)));
        Assert.Equal(new[] { "bridge br0", "eth1 with 10.201.0.1/24 moved into br0 (routes: default via 10.201.0.254 proto static)" }, plan.Record!.Made.Select(i => i.ToString()));
        Assert.False(plan.IsEmpty);
        var whatIf = plan.Describe();
        Assert.Contains(ShellQuoting.Join(move.LaunchCommand), whatIf);
        Assert.Contains("unless a new connection confirms within 12 s", whatIf);
        Assert.True(whatIf.IndexOf("Once a new connection confirmed the move:", StringComparison.Ordinal) < whatIf.IndexOf("sh -c ", whatIf.IndexOf("Once", StringComparison.Ordinal), StringComparison.Ordinal));
    }

    [Fact]
    public void OvsGre_builds_obr0_inside_br0_with_a_split_horizon_gre_port_per_peer_and_routes_through_the_tunnels()
    {
        var hosts = new[] { Host(1, OvsNeed.Required), Host(2, OvsNeed.Required), Host(3, OvsNeed.Required) };
        var (topology, plans) = Plan(Spec(NetworkMode.OvsGre, hosts), hosts);
        Assert.Equal(1462, topology.Mtu);
        var lines = Lines(plans[1]);
        Assert.Contains(lines, l => l.Contains("add-br obr0 -- set Bridge obr0 datapath_type=netdev -- set Interface obr0 mtu_request=1462"));
        Assert.Contains("ip link set dev obr0 master br0", lines);
        Assert.Contains(lines, l => l.Contains("add-port obr0 gre-0ac90001 -- set Interface gre-0ac90001 type=gre options:remote_ip=10.201.0.1 -- set Port gre-0ac90001 protected=true"));
        Assert.Contains(lines, l => l.Contains("add-port obr0 gre-0ac90003 ") && l.Contains("protected=true"));
        Assert.Contains("ip route add 10.202.0.0/24 via 10.202.0.1 dev br0 onlink proto static", lines);
        Assert.Contains("ip route add 10.202.2.0/24 via 10.202.2.1 dev br0 onlink proto static", lines);
        Assert.Equal(new[] { "LinuxBridge", "OvsBridge", "BridgePort", "Tunnel", "Tunnel", "Route", "Route" }, plans[1].Record!.Made.Select(i => i.Kind.ToString()));
    }

    [Fact]
    public void Vxlan_gives_each_pair_of_hosts_its_own_vni_the_same_on_both_ends()
    {
        var (a, b, c) = (IPAddress.Parse("10.201.0.1"), IPAddress.Parse("10.201.0.2"), IPAddress.Parse("10.201.0.3"));
        Assert.Equal(NetworkPlanner.PairVni(a, b), NetworkPlanner.PairVni(b, a));
        Assert.Equal(3, new[] { NetworkPlanner.PairVni(a, b), NetworkPlanner.PairVni(a, c), NetworkPlanner.PairVni(b, c) }.Distinct().Count());
        Assert.Equal("vx-0ac90002", NetworkPlanner.TunnelName("vx-", b));

        var hosts = new[] { Host(1, OvsNeed.IfAvailable), Host(2, OvsNeed.IfAvailable), Host(3, OvsNeed.IfAvailable) };
        var (topology, plans) = Plan(Spec(NetworkMode.Vxlan, hosts), hosts);
        Assert.Equal(1450, topology.Mtu);
        var lines = Lines(plans[0]);
        Assert.Contains($"ip link add name vx-0ac90002 type vxlan id {NetworkPlanner.PairVni(a, b)} remote 10.201.0.2 local 10.201.0.1 dstport 4789", lines);
        Assert.Contains("ip link set dev vx-0ac90002 type bridge_slave isolated on", lines);
    }

    [Fact]
    public void A_host_already_as_recorded_has_an_empty_plan_and_a_dropped_peer_loses_its_route()
    {
        var hosts = new[] { Host(1, OvsNeed.IfAvailable), Host(2, OvsNeed.IfAvailable) };
        var record = Plan(Spec(NetworkMode.HostRoutes, hosts), hosts).Plans[0].Record!;
        // Host 1 as the change left it: br0 with its address, the route to host 2.
        const string br0 = ",{\"ifindex\":9,\"ifname\":\"br0\",\"flags\":[\"UP\"],\"mtu\":1500,\"operstate\":\"DOWN\",\"linkinfo\":{\"info_kind\":\"bridge\"}," +
                           "\"addr_info\":[{\"family\":\"inet\",\"local\":\"10.202.0.1\",\"prefixlen\":24,\"scope\":\"global\"}]}";
        const string toPeer = ",{\"dst\":\"10.202.1.0/24\",\"gateway\":\"10.201.0.2\",\"dev\":\"eth1\",\"protocol\":\"static\",\"flags\":[]}";
        var converged = Host(1, OvsNeed.IfAvailable, new Dictionary<string, string> { ["lab"] = record.ToJson() }, extraLinks: br0, extraRoutes: toPeer);
        var again = Plan(Spec(NetworkMode.HostRoutes, converged, hosts[1]), converged, hosts[1]).Plans[0];
        Assert.True(again.IsEmpty, string.Join("; ", Lines(again)));

        // The record also names a route to a host that is no longer asked for: it goes, and so does its line in the record.
        record.Made.Add(new NetworkItem { Kind = NetworkItemKind.Route, Name = "10.202.9.0/24", Address = "10.202.9.0/24", Gateway = "10.201.0.9", Peer = "10.201.0.9" });
        const string toGone = ",{\"dst\":\"10.202.9.0/24\",\"gateway\":\"10.201.0.9\",\"dev\":\"eth1\",\"protocol\":\"static\",\"flags\":[]}";
        var withGone = Host(1, OvsNeed.IfAvailable, new Dictionary<string, string> { ["lab"] = record.ToJson() }, extraLinks: br0, extraRoutes: toPeer + toGone);
        var dropped = Plan(Spec(NetworkMode.HostRoutes, withGone, hosts[1]), withGone, hosts[1]).Plans[0];
        var lines = Lines(dropped);
        Assert.Equal("ip route del 10.202.9.0/24 via 10.201.0.9 dev eth1", lines[0]);
        Assert.StartsWith("sh -c ", lines[1]);
        Assert.Equal(2, lines.Count);
        Assert.DoesNotContain(dropped.Record!.Made, i => i.Peer == "10.201.0.9");
    }

    [Fact]
    public void A_host_whose_change_fails_part_way_is_undone_in_the_same_session_and_writes_no_record()
    {
        var host1 = new ScriptedExecutor("ssh:root@h1:22");
        var hosts = new[] { Host(1, OvsNeed.IfAvailable, executor: host1), Host(2, OvsNeed.IfAvailable) };
        var plan = Plan(Spec(NetworkMode.HostRoutes, hosts), hosts).Plans[0];
        host1.Succeeds("ip link add name br0 type bridge", "ip link set dev br0 mtu 1500", "ip address add 10.202.0.1/24 dev br0", "ip link set dev br0 up");
        host1.On("ip route add 10.202.1.0/24 via 10.201.0.2 proto static".Split(' '), exitCode: 2, stderr: "RTNETLINK answers: File exists");
        foreach (var _ in plan.Plan.RollbackCommands) host1.OnMatch(_ => true);

        var failure = Assert.ThrowsAny<Exception>(() => plan.Plan.ApplyAsync(CancellationToken.None).GetAwaiter().GetResult());
        Assert.Contains("The change was undone on host 'ssh:root@h1:22'", failure.Message);
        var ran = host1.Ran.ToList();
        var failed = ran.IndexOf("ip route add 10.202.1.0/24 via 10.201.0.2 proto static");
        // The batch stopped at the failing route (no record written); the undo took the route and the bridge it made.
        Assert.DoesNotContain(ran.Take(failed), l => l.StartsWith("sh -c"));
        Assert.Contains("ip route del 10.202.1.0/24 via 10.201.0.2", ran.Skip(failed + 1));
        Assert.Equal("ip link delete dev br0", ran.Last());
        Assert.Equal(2, host1.RoundTrips); // the change batch and its undo (the read was made of fixtures)
    }

    [Fact]
    public void A_record_reads_back_as_written_and_one_that_is_not_json_is_the_modules_own_error()
    {
        var record = new NetworkRecord { Name = "lab", Mode = NetworkMode.OvsGre, Made = { new NetworkItem { Kind = NetworkItemKind.LinuxBridge, Name = "br0" } } };
        var text = record.ToJson();
        Assert.Equal(text, NetworkRecord.Parse(text, "/x/lab.json", "h1").ToJson());
        Assert.DoesNotContain("\"key\"", text);
        var bad = Assert.Throws<XHostException>(() => NetworkRecord.Parse("{ not json", "/x/lab.json", "h1"));
        Assert.Equal(ErrorIds.NetworkRecordUnreadable, bad.ErrorId);
    }

    [Fact]
    public void A_topology_file_names_each_host_one_way_and_a_misspelt_key_is_refused()
    {
        var table = new Hashtable
        {
            ["Name"] = "rack1", ["Mode"] = "ovsgre", ["ContainerNetwork"] = "10.202.0.0/16", ["Mtu"] = 1400,
            ["Hosts"] = new object[]
            {
                new Hashtable { ["HostName"] = "node1", ["UserName"] = "ops", ["KeyFile"] = "/k", ["UnderlayAddress"] = "192.168.10.11" },
                new Hashtable { ["NetworkNamespace"] = "lab-h2", ["Subnet"] = "10.202.7.0/24" },
                new Hashtable { ["Session"] = "node3" },
            },
        };
        var file = NetworkTopologyFile.Parse(table, "/t.psd1");
        Assert.Equal(("rack1", NetworkMode.OvsGre, 1400), (file.Spec.Name, file.Spec.Mode, file.Spec.Mtu));
        Assert.Equal(("node1", "ops", "192.168.10.11"), (file.Hosts[0].Ssh!.HostName, file.Hosts[0].Ssh!.UserName, file.Hosts[0].Overrides.UnderlayAddress!.ToString()));
        Assert.Equal("10.202.7.0/24", file.Hosts[1].Overrides.Subnet!.ToString());
        Assert.Equal("node3", file.Hosts[2].Session);

        ((Hashtable)((object[])table["Hosts"]!)[2]!)["Sesion"] = "x";
        var typo = Assert.Throws<XHostException>(() => NetworkTopologyFile.Parse(table, "/t.psd1"));
        Assert.Equal(ErrorIds.NetworkTopologyInvalid, typo.ErrorId);
        Assert.Contains("Hosts[2].Sesion is not a setting", typo.Message);
        var twoWays = new Hashtable { ["Mode"] = "Vxlan", ["ContainerNetwork"] = "10.202.0.0/16", ["Hosts"] = new object[] { new Hashtable { ["Local"] = true, ["Session"] = "a" } } };
        Assert.Contains("one way", Assert.Throws<XHostException>(() => NetworkTopologyFile.Parse(twoWays, "/t.psd1")).Message);
    }
    [Fact]
    public void A_topology_file_with_a_subnet_store_needs_no_container_network_and_its_etcd_keys_go_with_it()
    {
        var hosts = new object[] { new Hashtable { ["Session"] = "a" } };
        var file = NetworkTopologyFile.Parse(new Hashtable
        {
            ["Mode"] = "HostRoutes", ["SubnetStore"] = new object[] { "https://10.0.0.5:2379", "https://10.0.0.6:2379" }, ["EtcdPrefix"] = "/k8s/network",
            ["SubnetFile"] = "/run/flannel/{host}.env", ["Hosts"] = hosts,
        }, "/t.psd1");
        Assert.Null(file.Spec.ContainerNetwork);
        Assert.Equal(("https://10.0.0.5:2379,https://10.0.0.6:2379", "/k8s/network", "/run/flannel/{host}.env"),
            (file.Spec.SubnetStore!.Describe(), file.Spec.SubnetStore.Prefix, file.Spec.SubnetFile));

        string Refused(Hashtable table) => Assert.Throws<XHostException>(() => NetworkTopologyFile.Parse(table, "/t.psd1")).Message;
        Assert.Contains("ContainerNetwork (a network in CIDR form) or SubnetStore", Refused(new Hashtable { ["Mode"] = "HostRoutes", ["Hosts"] = hosts }));
        Assert.Contains("go with SubnetStore", Refused(new Hashtable { ["Mode"] = "HostRoutes", ["ContainerNetwork"] = "10.202.0.0/16", ["EtcdPrefix"] = "/x", ["Hosts"] = hosts }));
        // A secret never sits in a URL, in a file either.
        Assert.Contains("credentials do not belong in the URL", Refused(new Hashtable { ["Mode"] = "HostRoutes", ["SubnetStore"] = "http://u:p@10.0.0.5:2379", ["Hosts"] = hosts }));
    }
}
