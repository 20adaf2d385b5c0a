using System.Text.Json;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Tunnels;

/// <summary>
/// A full mesh of tunnels between three lab hosts, one bridge each, is loop-free with -SplitHorizon: a broadcast from
/// host 1 reaches hosts 2 and 3 directly and neither passes it on to the other (without split horizon it would circle
/// the triangle for ever). Checked on Open vSwitch (userspace GRE, protected ports) and on kernel VXLAN (isolated
/// Linux bridge ports): the tools' own view of the flag, a ping across the mesh, and host 2's tunnel to host 3 staying
/// quiet while host 1 resolves host 3's address.
/// </summary>
public sealed class SplitHorizonMeshTests : IDisposable
{
    private readonly PowerShellRunner _ps = new();
    private readonly string _name = "xs" + Guid.NewGuid().ToString("N")[..6];

    private string Ns(int n) => $"{_name}-h{n}";

    [RootFact]
    public void A_gre_full_mesh_of_protected_ports_on_open_vswitch_carries_traffic_without_a_loop()
    {
        Assert.Empty(_ps.Run($"$h = New-XHostLab 3 -Name {_name} -Ovs").Errors);
        Quiet();
        // Host 1 first: a second tunnel without split horizon is warned about, and asking again protects it.
        var h1 = _ps.Run("New-OvsBridge obr0 -Session $h[0] -WarningAction SilentlyContinue | Out-Null; " +
                         "Add-GreTunnel -Session $h[0] -Bridge obr0 -Name gre2 -RemoteAddress 10.201.0.2 -SplitHorizon | Out-Null; " +
                         "Add-GreTunnel -Session $h[0] -Bridge obr0 -Name gre3 -RemoteAddress 10.201.0.3 | Out-Null");
        Assert.Empty(h1.Errors);
        Assert.Contains(h1.Warnings, w => w.Contains("'gre3' and 'gre2' on bridge 'obr0'") && w.Contains("layer-2 loop"));
        Assert.False(Protected(1, "gre3"));

        var protect = _ps.Run("Add-GreTunnel -Session $h[0] -Bridge obr0 -Name gre3 -RemoteAddress 10.201.0.3 -SplitHorizon");
        Assert.Empty(protect.Errors);
        Assert.DoesNotContain(protect.Warnings, w => w.Contains("loop"));
        Assert.True(Protected(1, "gre3"));

        var mesh = _ps.Run("foreach ($i in 1..2) { $n = $i + 1; " +
                           "  New-OvsBridge obr0 -Session $h[$i] -WarningAction SilentlyContinue | Out-Null; " +
                           "  foreach ($p in (1..3 | Where-Object { $_ -ne $n })) { Add-GreTunnel -Session $h[$i] -Bridge obr0 -Name gre$p -RemoteAddress 10.201.0.$p -SplitHorizon | Out-Null } }; " +
                           "foreach ($i in 0..2) { Invoke-XHostCommand -Session $h[$i] ip address add 10.202.0.$($i + 1)/24 dev obr0 | Out-Null }; " +
                           "Get-GreTunnel -Session $h");
        Assert.Empty(mesh.Errors);
        Assert.DoesNotContain(mesh.Warnings, w => w.Contains("loop"));
        var tunnels = mesh.All<XHostNet.Tunnels.GreTunnel>().ToList();
        Assert.Equal(6, tunnels.Count);
        Assert.All(tunnels, t => Assert.True(t.SplitHorizon));
        foreach (var (n, port) in new[] { (1, "gre2"), (1, "gre3"), (2, "gre1"), (2, "gre3"), (3, "gre1"), (3, "gre2") })
            Assert.True(Protected(n, port), $"{port} on host {n} is not a protected port");

        AssertNoRelay(() => OvsTx(2, "gre3"), "10.202.0.3");
    }

    [RootFact]
    public void A_kernel_vxlan_full_mesh_of_isolated_bridge_ports_carries_traffic_without_a_loop()
    {
        Assert.Empty(_ps.Run($"$h = New-XHostLab 3 -Name {_name}").Errors);
        Quiet();
        // The kernel allows one VXLAN device per VNI and port: each pair of hosts gets its own VNI.
        var mesh = _ps.Run("foreach ($i in 0..2) { $n = $i + 1; " +
                           "  New-LinuxBridge br0 -Address 10.203.0.$n/24 -Mtu 1450 -Session $h[$i] | Out-Null; " +
                           "  foreach ($p in (1..3 | Where-Object { $_ -ne $n })) { $vni = 100 + 10 * [Math]::Min($n, $p) + [Math]::Max($n, $p); " +
                           "    Add-VxlanTunnel -Session $h[$i] -Bridge br0 -Name vx$p -Vni $vni -RemoteAddress 10.201.0.$p -SplitHorizon } }");
        Assert.Empty(mesh.Errors);
        Assert.DoesNotContain(mesh.Warnings, w => w.Contains("loop"));
        Assert.All(mesh.All<XHostNet.Tunnels.VxlanTunnel>(), t => Assert.True(t.SplitHorizon));
        foreach (var n in new[] { 1, 2, 3 })
            foreach (var p in new[] { 1, 2, 3 }.Where(p => p != n))
                Assert.True(Sh.Link(Ns(n), $"vx{p}")!.Value.GetProperty("linkinfo").GetProperty("info_slave_data").GetProperty("isolated").GetBoolean());

        AssertNoRelay(() => KernelTx(2, "vx3"), "10.203.0.3");
        // A re-run changes nothing: the ports are isolated already.
        var again = _ps.Run("Add-VxlanTunnel -Session $h[0] -Bridge br0 -Name vx3 -Vni 113 -RemoteAddress 10.201.0.3 -SplitHorizon -Verbose");
        Assert.Empty(again.Errors);
        Assert.Contains(again.Verbose, v => v.Contains("nothing to change") || v.Contains("already"));
    }

    /// <summary>
    /// No IPv6 on the lab hosts' new links (set inside each host's namespace): their own solicitations would cross the
    /// tunnels and blur the count of relayed packets.
    /// </summary>
    private void Quiet()
    {
        foreach (var n in new[] { 1, 2, 3 })
            Sh.Ok("ip", "netns", "exec", Ns(n), "sysctl", "-qw", "net.ipv6.conf.default.disable_ipv6=1", "net.ipv6.conf.all.disable_ipv6=1");
    }

    /// <summary>Host 1 pings host 3's overlay address afresh (ARP broadcast first); host 2's tunnel to host 3 must stay quiet.</summary>
    private void AssertNoRelay(Func<long> relayCounter, string target)
    {
        Sh.Run("ip", "-n", Ns(1), "neigh", "flush", "all");
        var before = relayCounter();
        Assert.Equal(0, Sh.Run("ip", "netns", "exec", Ns(1), "ping", "-c", "3", "-i", "0.2", "-W", "5", target).ExitCode);
        // A loop would have sent thousands by now; even one broken link of the triangle relays host 1's ARP and pings
        // (18 packets, measured with host 1 alone split-horizon). Host 2 itself has nothing to say to host 3.
        Thread.Sleep(500);
        var relayed = relayCounter() - before;
        Assert.True(relayed < 3, $"host 2 passed {relayed} packets on to host 3 while host 1 pinged it directly");
    }

    private string Db(int n) => $"--db=unix:/run/xhostnet/labs/{_name}/h{n}/ovs/db.sock";

    private bool Protected(int n, string port) =>
        JsonDocument.Parse(Sh.Ok("ip", "netns", "exec", Ns(n), "ovs-vsctl", Db(n), "--format=json", "--columns=protected", "list", "Port", port))
            .RootElement.GetProperty("data")[0][0].GetBoolean();

    private long OvsTx(int n, string port) =>
        long.Parse(Sh.Ok("ip", "netns", "exec", Ns(n), "ovs-vsctl", Db(n), "get", "Interface", port, "statistics:tx_packets").Trim());

    private long KernelTx(int n, string link) =>
        JsonDocument.Parse(Sh.Ok("ip", "-n", Ns(n), "-j", "-s", "link", "show", link)).RootElement[0].GetProperty("stats64").GetProperty("tx").GetProperty("packets").GetInt64();

    public void Dispose()
    {
        if (Root.IsRoot) _ps.Run($"Remove-XHostLab {_name}");
        _ps.Dispose();
    }
}
