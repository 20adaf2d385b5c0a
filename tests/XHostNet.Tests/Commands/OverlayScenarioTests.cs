using System.Text.Json;
using XHostNet.Routing;
using XHostNet.Tests.Support;
using XHostNet.Tunnels;

namespace XHostNet.Tests.Commands;

/// <summary>
/// The two-host overlay recipes end to end on real Open vSwitch (userspace datapath) and the real kernel, through
/// namespace sessions; every outcome is checked independently (ovs-vsctl JSON, ip -j, ovs-ofctl counters, ping).
/// </summary>
public sealed class OverlayScenarioTests : IDisposable
{
    private static readonly string Runbook = Path.Combine(Repo.RootDir, "tests", "scenarios", "ovs-gre-two-hosts.ps1");
    private readonly PowerShellRunner _ps = new();
    private TwoHostLab? _lab;

    private TwoHostLab Lab(int mtu = 1462)
    {
        _lab = new TwoHostLab(mtu);
        var setup = _ps.Run(_lab.SessionsScript);
        Assert.Empty(setup.Errors);
        _ps.Set("runbook", Runbook);
        return _lab;
    }

    [RootFact]
    public void Gre_recipe_with_tunnel_routes_carries_container_traffic_through_the_tunnel()
    {
        var lab = Lab();
        var result = _ps.Run("& $runbook @lab -RouteMode Tunnel");
        Assert.Empty(result.Errors);

        foreach (var n in new[] { 1, 2 })
        {
            var gre = lab.OvsInterfaces(n)["gre0"];
            Assert.Equal("gre", gre.GetProperty("type").GetString());
            Assert.Equal($"[\"map\",[[\"remote_ip\",\"{TwoHostLab.UnderlayAddress(3 - n)}\"]]]", gre.GetProperty("options").GetRawText());
            Assert.True(gre.GetProperty("ofport").GetInt32() > 0);
            Assert.Equal("up", gre.GetProperty("link_state").GetString());
            Assert.Equal("br0", Sh.Link(lab.Host(n), "obr0")!.Value.GetProperty("master").GetString());
            var route = JsonDocument.Parse(Sh.Ok("ip", "-n", lab.Host(n), "-j", "route", "show", $"10.201.{3 - n}.0/24")).RootElement[0];
            Assert.Equal($"10.201.{3 - n}.1", route.GetProperty("gateway").GetString());
            Assert.Equal("br0", route.GetProperty("dev").GetString());
            Assert.Contains("onlink", route.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        }
        var routes = result.Output.Select(o => o.BaseObject).OfType<ContainerRoute>().ToList();
        Assert.Equal(2, routes.Count);
        Assert.All(routes, r => Assert.Equal(RoutePathKind.Tunnel, r.Path));
        Assert.All(routes, r => Assert.Equal("br0 → obr0 → gre0", r.Via));

        // The proof: container pings move gre0's live counters on both hosts.
        var before = (lab.OvsTxPackets(1, "obr0", "gre0"), lab.OvsTxPackets(2, "obr0", "gre0"));
        Assert.True(lab.Ping(1, count: 100));
        Assert.True(lab.OvsTxPackets(1, "obr0", "gre0") - before.Item1 >= 100, "requests from host 1 did not cross gre0");
        Assert.True(lab.OvsTxPackets(2, "obr0", "gre0") - before.Item2 >= 100, "replies from host 2 did not cross gre0");
        // A full-size packet with don't-fragment set crosses too: the overlay MTU (1500 − 38) was respected.
        Assert.True(lab.Ping(1, count: 3, size: 1462 - 28));

        // Find-ContainerRoute follows the next hop's MAC to the bridge port: the peer's container is behind the
        // tunnel, the local one behind its veth, though both leave through br0.
        var paths = _ps.Run("Find-ContainerRoute 10.201.2.2, 10.201.1.2 -Session $h[0]").All<RoutePath>().ToList();
        Assert.Equal((RoutePathKind.Tunnel, "br0 → obr0 → gre0"), (paths[0].Path, paths[0].Via));
        Assert.Equal((RoutePathKind.Underlay, "br0 → " + lab.ContainerPort(1)), (paths[1].Path, paths[1].Via));
    }

    [RootFact]
    public void Test_ContainerReachability_proves_the_overlay_from_hosts_and_namespaces()
    {
        Lab();
        Assert.Empty(_ps.Run("& $runbook @lab -RouteMode Tunnel | Out-Null").Errors);

        // From host 1: the peer container through the tunnel, full size with don't-fragment; an address nobody has.
        var results = _ps.Run("Test-ContainerReachability 10.201.2.2, 10.201.9.9 -Session $h[0] -Size 1434 -DontFragment -Count 3 -IntervalSeconds 0.05 -TimeoutSeconds 1")
            .All<XHostNet.Reachability.ReachabilityResult>().ToList();
        var peer = results[0];
        Assert.Equal((true, 3, 3, RoutePathKind.Tunnel, "br0 → obr0 → gre0", "host"), (peer.Success, peer.Sent, peer.Received, peer.Path!.Value, peer.Via, peer.Method));
        Assert.True(peer.RttMinMs > 0 && peer.RttMinMs <= peer.RttAvgMs && peer.RttAvgMs <= peer.RttMaxMs);
        Assert.Equal((false, 0, 100.0), (results[1].Success, results[1].Received, results[1].LossPercent));

        // All pairs from both container namespaces, in parallel; -Quiet answers for the whole matrix.
        var matrix = _ps.Run("Test-ContainerReachability 10.201.1.2, 10.201.2.2 -Session $c -IntervalSeconds 0.05").All<XHostNet.Reachability.ReachabilityResult>().ToList();
        Assert.Equal(4, matrix.Count);
        Assert.All(matrix, r => Assert.True(r.Success, $"{r.Source} → {r.Target}: {r.Error}"));
        Assert.True(_ps.Run("Test-ContainerReachability 10.201.2.2 -Session $c -Quiet -IntervalSeconds 0.05").Single<bool>());
        Assert.False(_ps.Run("Test-ContainerReachability 10.201.2.2, 10.201.9.9 -Session $c -Quiet -IntervalSeconds 0.05 -TimeoutSeconds 1").Single<bool>());
    }

    [RootFact]
    public void Gre_recipe_with_underlay_routes_bypasses_the_tunnel_and_says_so()
    {
        var lab = Lab();
        var result = _ps.Run("& $runbook @lab -RouteMode Underlay");
        Assert.Empty(result.Errors);
        var routes = result.Output.Select(o => o.BaseObject).OfType<ContainerRoute>().ToList();
        Assert.All(routes, r => Assert.Equal(RoutePathKind.Underlay, r.Path));
        Assert.All(result.Output.Select(o => o.BaseObject).OfType<RoutePath>(), p => Assert.Empty(p.Tunnels));

        var before = lab.OvsTxPackets(1, "obr0", "gre0");
        Assert.True(lab.Ping(1, count: 100));
        // Broadcast and multicast chatter (ARP, IGMP, IPv6 ND) still crosses the L2 tunnel; the 100 echo requests do not.
        Assert.True(lab.OvsTxPackets(1, "obr0", "gre0") - before < 30, "container traffic crossed gre0 although routed over the underlay");

        // Without the runbook's -WarningAction, the route that bypasses the tunnel is called out.
        var again = _ps.Run("Add-ContainerRoute -PassThru 10.201.2.0/24 10.201.0.2 -Session $h[0] -Verbose");
        Assert.Contains(again.Warnings, w => w.Contains("will not carry it") && w.Contains("gre0") && w.Contains("-OnLink"));
        Assert.Contains(again.Verbose, v => v.Contains("nothing to change"));
    }

    [RootFact]
    public void Running_the_recipe_twice_changes_nothing_and_teardown_leaves_nothing()
    {
        var lab = Lab();
        Assert.Empty(_ps.Run("& $runbook @lab").Errors);
        var uuids = lab.OvsInterfaces(1).ToDictionary(i => i.Key, i => i.Value.GetProperty("_uuid").GetRawText());
        var indexes = new[] { "br0", "obr0" }.Select(l => Sh.Link(lab.Host(1), l)!.Value.GetProperty("ifindex").GetInt32()).ToList();

        var again = _ps.Run("& $runbook @lab -Verbose");
        Assert.Empty(again.Errors);
        Assert.Empty(again.Warnings);
        // obr0, gre0, br0 (+ports) and the route on each host: each step says it had nothing to do.
        Assert.True(again.Verbose.Count(v => v.Contains("nothing to change")) >= 8, string.Join("\n", again.Verbose));
        Assert.Equal(uuids, lab.OvsInterfaces(1).ToDictionary(i => i.Key, i => i.Value.GetProperty("_uuid").GetRawText()));
        Assert.Equal(indexes, new[] { "br0", "obr0" }.Select(l => Sh.Link(lab.Host(1), l)!.Value.GetProperty("ifindex").GetInt32()).ToList());

        foreach (var _ in new[] { 1, 2 }) Assert.Empty(_ps.Run("& $runbook @lab -Remove").Errors); // twice: removal is idempotent
        foreach (var n in new[] { 1, 2 })
        {
            Assert.Equal(new[] { "obrphy" }, lab.OvsBridges(n));
            Assert.Equal(new[] { "obrphy", TwoHostLab.Underlay }.OrderBy(x => x), lab.OvsInterfaces(n).Keys.OrderBy(x => x));
            Assert.DoesNotContain("br0", Sh.LinkNames(lab.Host(n)));
            Assert.DoesNotContain("obr0", Sh.LinkNames(lab.Host(n)));
            Assert.DoesNotContain("10.201.", Sh.Ok("ip", "-n", lab.Host(n), "route", "show", "proto", "static"));
        }
    }

    [RootFact]
    public void Kernel_vxlan_on_a_linux_bridge_carries_full_size_packets_between_containers()
    {
        var lab = Lab(mtu: 1450);
        var result = _ps.Run("""
            foreach ($i in 0, 1) {
                $n = $i + 1; $peer = 2 - $i
                New-LinuxBridge br0 -Address "10.201.$n.1/24" -Mtu 1450 -Session $h[$i] |
                    Add-LinuxBridgePort -Interface $lab.ContainerPort[$i]
                Get-LinuxBridge br0 -Session $h[$i] | Add-VxlanTunnel vx0 -RemoteAddress "10.201.0.$peer" -Vni 4242 -PassThru
                Add-ContainerRoute "10.201.$peer.0/24" "10.201.$peer.1" -Interface br0 -OnLink -Session $h[$i] -PassThru
            }
            """);
        Assert.Empty(result.Errors);
        var tunnels = result.Output.Select(o => o.BaseObject).OfType<VxlanTunnel>().ToList();
        Assert.Equal(2, tunnels.Count);
        Assert.All(tunnels, t => Assert.Equal((TunnelImplementation.Kernel, "br0", 1450, 4789), (t.Implementation, t.Bridge, t.OverlayMtu!.Value, t.Port)));
        Assert.All(result.Output.Select(o => o.BaseObject).OfType<ContainerRoute>(), r => Assert.Equal("br0 → vx0", r.Via));

        var vx = Sh.Link(lab.Host(1), "vx0")!.Value;
        var data = vx.GetProperty("linkinfo").GetProperty("info_data");
        Assert.Equal((4242, "10.201.0.2", 4789), (data.GetProperty("id").GetInt32(), data.GetProperty("remote").GetString(), data.GetProperty("port").GetInt32()));
        Assert.Equal(1450, vx.GetProperty("mtu").GetInt32());
        Assert.Equal("br0", vx.GetProperty("master").GetString());

        var before = lab.KernelTxPackets(1, "vx0");
        Assert.True(lab.Ping(1, count: 100, size: 1450 - 28));
        Assert.True(lab.KernelTxPackets(1, "vx0") - before >= 100, "container traffic did not cross vx0");

        Assert.Empty(_ps.Run("Remove-VxlanTunnel vx0 -Session $h -Confirm:$false").Errors);
        Assert.Null(Sh.Link(lab.Host(1), "vx0"));
    }

    [RootFact]
    public void Open_vswitch_vxlan_carries_container_traffic()
    {
        var lab = Lab(mtu: 1450);
        var result = _ps.Run("""
            foreach ($i in 0, 1) {
                $n = $i + 1; $peer = 2 - $i
                New-OvsBridge obr0 -Mtu 1450 -Session $h[$i] -WarningAction SilentlyContinue |
                    Add-VxlanTunnel -Name vxo0 -RemoteAddress "10.201.0.$peer" -Vni 77 -Port 4790 -PassThru
                New-LinuxBridge br0 -Address "10.201.$n.1/24" -Mtu 1450 -Session $h[$i] |
                    Add-LinuxBridgePort -Interface obr0, $lab.ContainerPort[$i]
                Add-ContainerRoute "10.201.$peer.0/24" "10.201.$peer.1" -Interface br0 -OnLink -Session $h[$i] -PassThru
            }
            """);
        Assert.Empty(result.Errors);
        var tunnel = result.Output.Select(o => o.BaseObject).OfType<VxlanTunnel>().First();
        Assert.Equal((TunnelImplementation.OpenVSwitch, 77, 4790, 1450), (tunnel.Implementation, tunnel.Vni, tunnel.Port, tunnel.OverlayMtu!.Value));
        var row = lab.OvsInterfaces(1)["vxo0"];
        Assert.Equal("vxlan", row.GetProperty("type").GetString());
        Assert.Contains("[\"dst_port\",\"4790\"]", row.GetProperty("options").GetRawText());
        Assert.Contains("[\"key\",\"77\"]", row.GetProperty("options").GetRawText());

        var before = lab.OvsTxPackets(1, "obr0", "vxo0");
        Assert.True(lab.Ping(1, count: 100, size: 1450 - 28));
        Assert.True(lab.OvsTxPackets(1, "obr0", "vxo0") - before >= 100);
    }

    public void Dispose()
    {
        _ps.Dispose();
        _lab?.Dispose();
    }
}
