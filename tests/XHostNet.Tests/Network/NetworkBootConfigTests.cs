using System.Text;
using XHostNet.Execution;
using XHostNet.Linux;
using XHostNet.Network;
using XHostNet.Persistence;
using XHostNet.Planning;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Network;

/// <summary>
/// Connect-XHostNetwork -Persist at the planner, without root: hosts made of the tools' own JSON and the configuration
/// listing, read through NetworkHostRead.Parse as the one read round trip would (the configuration folded in), then
/// planned: the files join the network's batch, refusals come before any command, drift and removal follow the record.
/// </summary>
public sealed class NetworkBootConfigTests
{
    private const string Records = "/var/lib/xhostnet/networks";
    private const string Root = "/tmp/cfg";

    private static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    /// <summary>
    /// A host with eth1 holding 10.201.0.N/24, and under <see cref="Root"/> the given configuration files (path relative
    /// to the root → content) in the network-scripts and networkd directories.
    /// </summary>
    private static NetworkHostRead Host(int n, IDictionary<string, string>? files = null, IDictionary<string, string>? records = null, bool networkScripts = true)
    {
        var session = new ScriptedExecutor($"ssh:root@h{n}:22").Session;
        var links = "[" +
            "{\"ifindex\":1,\"ifname\":\"lo\",\"flags\":[\"LOOPBACK\",\"UP\"],\"mtu\":65536,\"operstate\":\"UNKNOWN\",\"addr_info\":[]}," +
            $"{{\"ifindex\":2,\"ifname\":\"eth1\",\"flags\":[\"UP\"],\"mtu\":1500,\"operstate\":\"UP\",\"addr_info\":[{{\"family\":\"inet\",\"local\":\"10.201.0.{n}\",\"prefixlen\":24,\"scope\":\"global\"}}]}}]";
        var routes = "[{\"dst\":\"10.201.0.0/24\",\"dev\":\"eth1\",\"protocol\":\"kernel\",\"scope\":\"link\",\"prefsrc\":\"10.201.0." + n + "\",\"flags\":[]}]";
        var listing = string.Concat((records ?? new Dictionary<string, string>()).Select(r => $"{r.Key}.json {B64(r.Value)}\n"));
        string Dump(string dir) => string.Concat((files ?? new Dictionary<string, string>())
            .Where(f => f.Key.StartsWith(dir + "/", StringComparison.Ordinal))
            .Select(f => $"F {B64(f.Key.Substring(dir.Length + 1))} {B64(f.Value)}\n"));
        var commands = NetworkHostRead.ReadCommands(session, OvsNeed.None, Records, bootRoot: Root);
        // links, routes, IPv6 routes, records, forwarding; then the configuration: network-scripts directory, ifup,
        // networkd enabled, netplan, interfaces (missing: exit 3), the three directory dumps.
        var answers = new List<(int Exit, string Out)>
        {
            (0, links), (0, routes), (0, "[]"), (0, listing), (0, "1\n"),
            (networkScripts ? 0 : 1, ""), (1, ""), (1, ""), (1, ""), (3, ""),
            (0, Dump("etc/sysconfig/network-scripts")), (0, ""), (0, Dump("etc/systemd/network")),
        };
        Assert.Equal(answers.Count, commands.Count);
        var results = commands.Select((c, i) => new CommandResult(session.Host, c, answers[i].Exit, answers[i].Out, "", TimeSpan.Zero)).ToList();
        return NetworkHostRead.Parse(session, results, OvsNeed.None, Records, bootRoot: Root);
    }

    private static NetworkSpec Spec(NetworkMode mode, BridgeConfigFormat? format, bool force, params NetworkHostRead[] hosts) => new()
    {
        Name = "lab", Mode = mode, ContainerNetwork = InterfaceAddress.Parse("10.202.0.0/16"), RecordDirectory = Records,
        Hosts = hosts.Select(h => new NetworkHostSpec { Session = h.Session }).ToList(),
        Persist = new NetworkPersist { Format = format, Root = Root, Force = force },
    };

    private static NetworkHostPlan PlanFirst(NetworkSpec spec, params NetworkHostRead[] hosts)
    {
        var topology = NetworkTopology.Resolve(spec, spec.Hosts.Zip(hosts).ToList());
        return NetworkPlanner.PlanConnect(spec, topology, topology.Members[0]);
    }

    private static NetworkHostRead[] Three(IDictionary<string, string>? files = null) => new[] { Host(1, files), Host(2), Host(3) };

    [Fact]
    public void Vxlan_writes_br0_with_onlink_routes_to_the_peers_in_the_network_batch_records_each_file_and_reads_them_back_in_the_same_trip()
    {
        var hosts = Three();
        var plan = PlanFirst(Spec(NetworkMode.Vxlan, BridgeConfigFormat.SystemdNetworkd, false, hosts), hosts);
        var item = plan.Record!.Made.Single(i => i.Kind == NetworkItemKind.BootConfig);
        Assert.Equal(new[] { $"{Root}/etc/systemd/network/10-xhostnet-br0.netdev", $"{Root}/etc/systemd/network/10-xhostnet-br0.network" }, item.Files!.Keys);
        Assert.Equal(("br0", Root, "SystemdNetworkd"), (item.Name, item.Root, item.Format));
        // -WhatIf shows each file's content, the routes via the peers' bridge addresses on br0's link.
        var details = plan.Plan.Details;
        Assert.Contains($"{Root}/etc/systemd/network/10-xhostnet-br0.network: new file (sent on standard input):", details);
        var network = details.SkipWhile(d => !d.StartsWith($"{Root}/etc/systemd/network/10-xhostnet-br0.network:", StringComparison.Ordinal)).Skip(1)
            .TakeWhile(d => d.StartsWith("  ", StringComparison.Ordinal)).Select(d => d.Substring(2)).ToList();
        Assert.Equal(new[]
        {
            ConfigMarker.FileHeader("br0", null).TrimEnd('\n'), "[Match]", "Name=br0", "", "[Network]", "Address=10.202.0.1/24", "ConfigureWithoutCarrier=yes",
            "", "[Route]", "Destination=10.202.1.0/24", "Gateway=10.202.1.1", "GatewayOnLink=yes",
            "", "[Route]", "Destination=10.202.2.0/24", "Gateway=10.202.2.1", "GatewayOnLink=yes",
        }, network);
        // The hash recorded is that of the content written.
        Assert.Equal(HostFile.Sha256(string.Join("\n", network) + "\n"), item.Files[$"{Root}/etc/systemd/network/10-xhostnet-br0.network"]);
        // One batch: the writes among the network's commands, before the record's; the read-back reads the files too.
        var writes = plan.Plan.Commands.Where(c => c is CommandWithInput w && w.Input.Contains("XHostNet: bridge br0")).ToList();
        Assert.Equal(2, writes.Count);
        Assert.Contains(plan.Changes, c => c.StartsWith("add boot configuration of br0 (SystemdNetworkd)", StringComparison.Ordinal));
        Assert.Equal(NetworkHostRead.ReadCommands(hosts[0].Session, OvsNeed.IfAvailable, Records, bootRoot: Root).Count, plan.Plan.ReadBackCommands.Count);
        Assert.Contains(plan.Plan.Warnings, w => w.Contains("VXLAN devices to the peers are not persisted"));
    }

    [Fact]
    public void Ifupdown_and_network_scripts_carry_the_onlink_routes_as_ip_route_arguments()
    {
        var route = new BridgeConfigRoute(InterfaceAddress.Parse("10.202.1.0/24"), System.Net.IPAddress.Parse("10.202.1.1"), onLink: true);
        var spec = new BridgeConfigSpec { Bridge = "br0", Addresses = new[] { InterfaceAddress.Parse("10.202.0.1/24") }, Routes = new[] { route } };
        Assert.Equal("10.202.1.0/24 via 10.202.1.1 dev br0 onlink\n", NetworkScriptsWriter.RouteFile(spec.Routes, "br0"));
        Assert.Contains("    up ip route add 10.202.1.0/24 via 10.202.1.1 dev br0 onlink\n", IfupdownWriter.Stanzas(spec));
    }

    [Fact]
    public void A_file_in_the_way_is_refused_while_planning_so_nothing_of_the_network_runs_and_Force_keeps_it_as_a_backup()
    {
        var foreign = new Dictionary<string, string> { ["etc/sysconfig/network-scripts/ifcfg-br0"] = "DEVICE=br0\nBOOTPROTO=dhcp\n" };
        var hosts = Three(foreign);
        var refused = Assert.Throws<XHostException>(() => PlanFirst(Spec(NetworkMode.Vxlan, BridgeConfigFormat.NetworkScripts, false, hosts), hosts));
        Assert.Equal(ErrorIds.BridgeConfigFileExists, refused.ErrorId);
        Assert.Contains($"{Root}/etc/sysconfig/network-scripts/ifcfg-br0", refused.Message);

        var forced = PlanFirst(Spec(NetworkMode.Vxlan, BridgeConfigFormat.NetworkScripts, true, hosts), hosts);
        Assert.Contains(forced.Plan.Details, d => d.StartsWith($"{Root}/etc/sysconfig/network-scripts/ifcfg-br0: replaced, the old one kept as ", StringComparison.Ordinal));
        var item = forced.Record!.Made.Single(i => i.Kind == NetworkItemKind.BootConfig);
        Assert.Equal(new[] { $"{Root}/etc/sysconfig/network-scripts/ifcfg-br0", $"{Root}/etc/sysconfig/network-scripts/route-br0" }, item.Files!.Keys);
    }

    [Fact]
    public void Without_a_format_the_hosts_own_is_taken_and_a_host_that_has_none_is_refused_while_planning()
    {
        // The root has network-scripts' directory (the read answers it exists): that is the host's format.
        var hosts = Three();
        var plan = PlanFirst(Spec(NetworkMode.Vxlan, null, false, hosts), hosts);
        Assert.Equal("NetworkScripts", plan.Record!.Made.Single(i => i.Kind == NetworkItemKind.BootConfig).Format);

        var none = new[] { Host(1, networkScripts: false), Host(2), Host(3) };
        var refused = Assert.Throws<XHostException>(() => PlanFirst(Spec(NetworkMode.Vxlan, null, false, none), none));
        Assert.Equal(ErrorIds.BridgeConfigFormatUnknown, refused.ErrorId);
    }

    [Fact]
    public void HostRoutes_persists_br0_alone_and_says_its_routes_through_the_underlay_are_not_persisted()
    {
        var hosts = Three();
        var plan = PlanFirst(Spec(NetworkMode.HostRoutes, BridgeConfigFormat.NetworkScripts, false, hosts), hosts);
        Assert.Equal(new[] { $"{Root}/etc/sysconfig/network-scripts/ifcfg-br0" }, plan.Record!.Made.Single(i => i.Kind == NetworkItemKind.BootConfig).Files!.Keys);
        Assert.Contains(plan.Plan.Warnings, w => w.Contains("go through the underlay interface, not br0, and are not persisted"));
    }

    [Fact]
    public void Drift_names_a_missing_or_changed_file_and_Disconnect_removes_the_files_the_record_names()
    {
        var hosts = Three();
        var plan = PlanFirst(Spec(NetworkMode.Vxlan, BridgeConfigFormat.SystemdNetworkd, false, hosts), hosts);
        var item = plan.Record!.Made.Single(i => i.Kind == NetworkItemKind.BootConfig);
        var written = plan.Plan.Commands.OfType<CommandWithInput>().Where(w => w.Input.Contains("XHostNet: bridge br0"))
            .ToDictionary(w => w[4].Substring(Root.Length + 1), w => w.Input);
        var record = new Dictionary<string, string> { ["lab"] = plan.Record.ToJson() };

        var asWritten = Host(1, written, record);
        Assert.Null(NetworkItemPlanner.Drift(item, asWritten));
        var changed = new Dictionary<string, string>(written) { ["etc/systemd/network/10-xhostnet-br0.network"] = "[Match]\nName=br0\n" };
        changed.Remove("etc/systemd/network/10-xhostnet-br0.netdev");
        Assert.Equal($"boot configuration file {Root}/etc/systemd/network/10-xhostnet-br0.netdev is missing; " +
                     $"boot configuration file {Root}/etc/systemd/network/10-xhostnet-br0.network changed since it was written",
            NetworkItemPlanner.Drift(item, Host(1, changed, record)));

        var disconnect = NetworkPlanner.PlanDisconnect(asWritten, asWritten.Record("lab")!, TimeSpan.FromSeconds(30));
        var removed = disconnect.Plan.Commands.Select(c => string.Join(" ", c)).Where(c => c.Contains("/etc/systemd/network/")).ToList();
        Assert.Equal(2, removed.Count);
        Assert.Contains(disconnect.Plan.Details, d => d == $"{Root}/etc/systemd/network/10-xhostnet-br0.netdev: deleted (XHostNet wrote it)");
    }
}
