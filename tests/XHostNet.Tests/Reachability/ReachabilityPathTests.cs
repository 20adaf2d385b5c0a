using XHostNet.Reachability;
using XHostNet.Routing;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Reachability;

/// <summary>
/// What a container's row of Test-ContainerReachability says about the way its packets go, on a real two-host GRE lab
/// (New-XHostLab -Ovs with a stand-in container each, built by the ovs-gre-two-hosts runbook), checked against
/// gre0's live transmit counter: a row that says Tunnel moved it, a row that says Underlay did not.
/// </summary>
public sealed class ReachabilityPathTests : IDisposable
{
    private static readonly string Runbook = Path.Combine(Repo.RootDir, "tests", "scenarios", "ovs-gre-two-hosts.ps1");
    private readonly PowerShellRunner _ps = new();
    private TwoHostLab? _lab;

    private TwoHostLab Lab(string routeMode)
    {
        _lab = new TwoHostLab();
        Assert.Empty(_ps.Run(_lab.SessionsScript).Errors);
        _ps.Set("runbook", Runbook);
        Assert.Empty(_ps.Run($"& $runbook @lab -RouteMode {routeMode} | Out-Null").Errors);
        return _lab;
    }

    private ReachabilityResult FromContainer1(string target, string options = "") =>
        _ps.Run($"Test-ContainerReachability {target} -Session $c[0] -IntervalSeconds 0.01 -TimeoutSeconds 1 {options}").Single<ReachabilityResult>();

    [RootFact]
    public void A_container_row_follows_its_packets_onto_the_host_and_into_the_tunnel()
    {
        var lab = Lab("Tunnel");

        var before = lab.OvsTxPackets(1, "obr0", "gre0");
        var peer = FromContainer1("10.201.2.2", "-Count 50");
        var crossed = lab.OvsTxPackets(1, "obr0", "gre0") - before;

        Assert.Equal((true, 50), (peer.Success, peer.Received));
        Assert.Equal((RoutePathKind.Tunnel, "eth0 → br0 → obr0 → gre0"), (peer.Path, peer.Via));
        // The container's own next hop stays in the row: its bridge's address, or the peer's once the host's ICMP redirect
        // (the host would send it back out of br0) has named that, as the container's kernel now has it.
        var own = System.Text.Json.JsonDocument.Parse(Sh.Ok("ip", "-n", lab.Container(1), "-j", "route", "get", "10.201.2.2")).RootElement[0];
        Assert.Equal(("eth0", own.GetProperty("gateway").GetString()), (peer.Interface, peer.Gateway));
        Assert.True(crossed >= 50, $"the row says Tunnel, but gre0 sent only {crossed} packets for 50 echo requests");

        // The host's own bridge address: delivered on the host, not sent on.
        var bridge = FromContainer1("10.201.1.1");
        Assert.Equal((true, RoutePathKind.Local, "eth0 → br0"), (bridge.Success, bridge.Path, bridge.Via));
        // The container's own address stays in the container.
        Assert.Equal((RoutePathKind.Local, "lo"), (FromContainer1("10.201.1.2").Path, FromContainer1("10.201.1.2").Via));
        // An address the host has no route to: no path, and the host's reason, in the row.
        var nowhere = FromContainer1("10.201.9.9", "-Count 1");
        Assert.Null(nowhere.Path);
        Assert.Equal("eth0 → br0 (host: Network is unreachable)", nowhere.Via);
    }

    [RootFact]
    public void A_container_row_says_underlay_when_the_host_routes_around_the_tunnel()
    {
        var lab = Lab("Underlay");

        var before = lab.OvsTxPackets(1, "obr0", "gre0");
        var peer = FromContainer1("10.201.2.2", "-Count 50");
        var crossed = lab.OvsTxPackets(1, "obr0", "gre0") - before;

        Assert.Equal((true, 50), (peer.Success, peer.Received));
        Assert.Equal((RoutePathKind.Underlay, "eth0 → br0 → obrphy"), (peer.Path, peer.Via));
        // Broadcast and multicast chatter may still cross the L2 tunnel; the 50 echo requests do not.
        Assert.True(crossed < 20, $"the row says Underlay, but gre0 sent {crossed} packets");
    }

    [RootFact]
    public void A_failed_pair_shows_why_in_the_default_table()
    {
        Lab("Tunnel");
        // Larger than the overlay's MTU with don't-fragment: the kernel refuses to send it; an address with no route.
        var text = _ps.Run("Test-ContainerReachability 10.201.2.2 -Session $c[0] -Size 1500 -DontFragment -Count 1 -TimeoutSeconds 1 | Out-Host; " +
                           "Test-ContainerReachability 10.201.9.9 -Session $h[0] -Count 1 -TimeoutSeconds 1 | Out-Host").HostText;

        var rows = text.Split('\n').Where(l => l.Contains(" 0/1 ")).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains("local error: message too long, mtu=1462", rows[0]);
        Assert.Contains("connect: Network is unreachable", rows[1]);
    }

    [RootFact]
    public void A_docker_containers_row_names_the_bridge_port_its_peer_is_behind_or_the_host()
    {
        // The shared-LAN recipe: each host's br0 holds its LAN NIC eth1 and its dockerd's containers, one flat subnet.
        _docker = new DockerHosts();
        Assert.Empty(_ps.Run(_docker.SessionsScript).Errors);
        _ps.Set("runbook", Path.Combine(Repo.RootDir, "tests", "scenarios", "docker-shared-lan.ps1"));
        _ps.Set("configs", new[] { _docker.Config(1), _docker.Config(2) });
        _ps.Set("nics", new[] { _docker.Lan(1), _docker.Lan(2) });
        Assert.Empty(_ps.Run("& $runbook -Hosts $h -HostAddress 10.201.0.1/24, 10.201.0.2/24 -Nic $nics -ConfigPath $configs -Exclude 10.201.0.254 | Out-Null").Errors);

        // The peer container is on the container's own segment: br0 switches it out of eth1, no tunnel anywhere.
        var peer = _ps.Run("Test-ContainerReachability -Container lan-c0 -Session $h[0] -TargetContainer lan-c1 -TargetSession $h -Count 2 -IntervalSeconds 0.05")
            .Single<ReachabilityResult>();
        Assert.Equal((true, RoutePathKind.Underlay, "eth0 → br0 → eth1", "container"), (peer.Success, peer.Path, peer.Via, peer.Method));
        // The host's own address on br0: delivered on the host.
        var host = _ps.Run("Test-ContainerReachability 10.201.0.1 -Container lan-c0 -Session $h[0] -Count 2 -IntervalSeconds 0.05").Single<ReachabilityResult>();
        Assert.Equal((true, RoutePathKind.Local, "eth0 → br0"), (host.Success, host.Path, host.Via));
        Assert.Empty(_ps.Run("& $runbook -Hosts $h -HostAddress 10.201.0.1/24, 10.201.0.2/24 -Nic $nics -ConfigPath $configs -Remove").Errors);
    }

    private DockerHosts? _docker;

    public void Dispose()
    {
        _ps.Dispose();
        _lab?.Dispose();
        _docker?.Dispose();
    }
}
