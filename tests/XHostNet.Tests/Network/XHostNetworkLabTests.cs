using System.Text.Json;
using XHostNet.Network;
using XHostNet.Reachability;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Network;

/// <summary>
/// Connect-, Get-, Disconnect-XHostNetwork on 3-host labs over SSH, every outcome checked independently of the module
/// (ip -j in the hosts' namespaces, ovs-vsctl JSON, the record files, ping through the module's own test and by hand).
/// </summary>
[Collection(AddressMoveCollection.Name)]
public sealed class XHostNetworkLabTests : IDisposable
{
    private readonly PowerShellRunner _ps = new();
    private readonly string _name = "xn" + Guid.NewGuid().ToString("N")[..6];
    private string Records => $"/run/xhostnet/labs/{_name}/net/{{host}}";

    private string Host(int n) => $"{_name}-h{n}";

    private PsResult Lab(string options)
    {
        var made = _ps.Run($"$h = New-XHostLab 3 -Name {_name} -Ssh {options}; $h");
        Assert.Empty(made.Errors);
        return made;
    }

    /// <summary>The network every Connect of a test asks for.</summary>
    private string _network = "-ContainerNetwork 10.202.0.0/16";

    private PsResult Connect(string mode, string extra = "") =>
        _ps.Run($"Connect-XHostNetwork -Session $h -Mode {mode} {_network} -Name lab -RecordDirectory '{Records}' -Verbose {extra}");

    private static List<XHostNetworkResult> Results(PsResult r) => r.Output.Select(o => o.BaseObject).OfType<XHostNetworkResult>().ToList();
    private static List<ReachabilityResult> Pings(PsResult r) => r.Output.Select(o => o.BaseObject).OfType<ReachabilityResult>().ToList();

    private JsonElement[] Routes(int n) => JsonDocument.Parse(Sh.Ok("ip", "-n", Host(n), "-j", "route", "show")).RootElement.EnumerateArray().ToArray();

    private string[] RecordFiles() => Directory.Exists($"/run/xhostnet/labs/{_name}/net")
        ? Directory.GetFiles($"/run/xhostnet/labs/{_name}/net", "*.json", SearchOption.AllDirectories) : Array.Empty<string>();

    /// <summary>
    /// Converged: one result per host, changed in exactly 2 round trips (SharedLan: at least 5, see below); every host
    /// reaches every other at full size.
    /// </summary>
    private static void AssertConverged(PsResult connect, int mtu, bool nicMove = false)
    {
        Assert.Empty(connect.Errors);
        var results = Results(connect);
        Assert.Equal(3, results.Count);
        Assert.All(results, r => Assert.Equal((true, (string?)null, (int?)mtu), (r.Changed, r.Error, r.Mtu)));
        // A NIC's move: the read, the watchdog's start, the confirmation and its finish over a new connection (more when an
        // attempt came too early), then the batch with the record and the read-back.
        Assert.All(results, r => Assert.True(nicMove ? r.RoundTrips >= 5 : r.RoundTrips == 2, $"{r.Host}: {r.RoundTrips} round trips"));
        var pings = Pings(connect);
        Assert.Equal(6, pings.Count);
        Assert.All(pings, p => Assert.True(p.Success, $"{p.Source} → {p.Target}: {p.Error}"));
    }

    /// <summary>A re-run changes nothing and reads each host once.</summary>
    private void AssertRerunChangesNothing(string mode)
    {
        var again = Connect(mode, "-SkipReachabilityTest");
        Assert.Empty(again.Errors);
        Assert.All(Results(again), r => Assert.Equal((false, 1L), (r.Changed, r.RoundTrips)));
        Assert.Equal(3, again.Verbose.Count(v => v.Contains("nothing to change (1 round trip)")));
    }

    [RootFact]
    public void HostRoutes_converges_rereads_once_reports_drift_from_a_fresh_session_and_disconnects_to_exactly_what_was_there()
    {
        Lab("");
        // Before: host 3 has a br0 of its own (it must stay), host 2 does not forward (it must be put back).
        Sh.Ok("ip", "-n", Host(3), "link", "add", "br0", "type", "bridge");
        Sh.Ok("ip", "netns", "exec", Host(2), "sysctl", "-qw", "net.ipv4.ip_forward=0");

        // Bad input fails before anything changes: at binding, or once the hosts are read and the plan cannot be made.
        Assert.Equal("ParameterArgumentTransformationError", _ps.ErrorIdOf($"Connect-XHostNetwork -Session $h -Mode HostRoutes -ContainerNetwork 10.202.0.1/33"));
        Assert.Equal("ParameterArgumentValidationError", _ps.ErrorIdOf($"Connect-XHostNetwork -Session $h -Mode HostRoutes -ContainerNetwork 10.202.0.0/16 -Name bad/name"));
        Assert.Equal(ErrorIds.SubnetPlanPrefixInvalid,
            _ps.ErrorIdOf($"Connect-XHostNetwork -Session $h -Mode HostRoutes -ContainerNetwork 10.202.0.0/16 -SubnetPrefixLength 8 -RecordDirectory '{Records}'"));
        Assert.Null(Sh.Link(Host(1), "br0"));

        // -WhatIf: the exact commands and the record per host, and nothing changes.
        var whatIf = Connect("HostRoutes", "-WhatIf");
        Assert.Empty(whatIf.Errors);
        Assert.Empty(Results(whatIf));
        Assert.Contains("ip route add 10.202.1.0/24 via 10.201.0.2 proto static", whatIf.HostText);
        Assert.Contains("\"mode\": \"HostRoutes\"", whatIf.HostText);
        Assert.Null(Sh.Link(Host(1), "br0"));
        Assert.Empty(RecordFiles());

        var connect = Connect("HostRoutes");
        AssertConverged(connect, 1500);
        Assert.Equal(new[] { "10.202.0.0/24", "10.202.1.0/24", "10.202.2.0/24" }, Results(connect).Select(r => r.Subnet));
        // Kernel view: host 1 routes each peer's subnet via that peer's underlay address, and has its .1 on br0.
        var routes = Routes(1).Where(r => r.GetProperty("dst").GetString()!.StartsWith("10.202.") && r.TryGetProperty("gateway", out _)).ToDictionary(r => r.GetProperty("dst").GetString()!, r => r.GetProperty("gateway").GetString());
        Assert.Equal("10.201.0.2", routes["10.202.1.0/24"]);
        Assert.Equal("10.201.0.3", routes["10.202.2.0/24"]);
        Assert.Contains("10.202.0.1/24", Sh.Addresses(Sh.Link(Host(1), "br0")!.Value));
        Assert.Equal("1", Sh.Ok("ip", "netns", "exec", Host(2), "cat", "/proc/sys/net/ipv4/ip_forward").Trim());
        Assert.Equal(3, RecordFiles().Length);

        AssertRerunChangesNothing("HostRoutes");

        // Another shell, days later: a fresh session reads the record back; a route deleted by hand is drift.
        Sh.Ok("ip", "-n", Host(1), "route", "del", "10.202.2.0/24");
        var fp = Sh.Ok("ssh-keygen", "-l", "-E", "sha256", "-f", $"/run/xhostnet/labs/{_name}/h1/ssh/host_ed25519.pub").Split(' ')[1];
        using var fresh = new PowerShellRunner();
        var address = _ps.Run("$h[0].HostName").Output[0].ToString();
        var get = fresh.Run($"$s = New-XHostSession -HostName {address} -UserName root -KeyFile /run/xhostnet/labs/{_name}/ssh/id_ed25519 -HostKeyFingerprint '{fp}'; " +
                            $"Get-XHostNetwork -Session $s -RecordDirectory '{Records}'");
        Assert.Empty(get.Errors);
        var network = get.Single<XHostNetwork>();
        Assert.Equal(("lab", NetworkMode.HostRoutes, "10.202.0.0/24", "10.201.0.1", 2), (network.Name, network.Mode, network.Subnet, network.UnderlayAddress, network.Peers.Length));
        Assert.Contains("bridge br0", network.Made);
        Assert.False(network.InSync);
        Assert.Equal("route 10.202.2.0/24 via 10.201.0.3 is missing", Assert.Single(network.Drift));
        Assert.Equal(1L, Assert.IsType<long>(fresh.Run("$s.RoundTrips").Output[0].BaseObject)); // Get-XHostNetwork read the host once

        // Disconnect: exactly what was made goes; host 3's own br0 stays, host 2 stops forwarding again.
        var disconnect = _ps.Run($"Disconnect-XHostNetwork lab -Session $h -RecordDirectory '{Records}' -Confirm:$false");
        Assert.Empty(disconnect.Errors);
        foreach (var n in new[] { 1, 2, 3 })
            Assert.DoesNotContain(Routes(n), r => r.GetProperty("dst").GetString()!.StartsWith("10.202."));
        Assert.Null(Sh.Link(Host(1), "br0"));
        Assert.Null(Sh.Link(Host(2), "br0"));
        Assert.Empty(Sh.Addresses(Sh.Link(Host(3), "br0")!.Value));
        Assert.Equal("0", Sh.Ok("ip", "netns", "exec", Host(2), "cat", "/proc/sys/net/ipv4/ip_forward").Trim());
        Assert.Empty(RecordFiles());
    }

    [RootFact]
    public void OvsGre_full_mesh_converges_without_a_loop_and_one_host_without_open_vswitch_does_not_stop_the_others()
    {
        Lab("-Ovs");
        var connect = Connect("OvsGre");
        AssertConverged(connect, 1462);
        foreach (var n in new[] { 1, 2, 3 })
        {
            var ports = JsonDocument.Parse(Sh.Ok("ip", "netns", "exec", Host(n), "ovs-vsctl", $"--db=unix:/run/xhostnet/labs/{_name}/h{n}/ovs/db.sock",
                "--format=json", "--columns=name,protected", "list", "Port")).RootElement;
            Assert.Equal("br0", Sh.Link(Host(n), "obr0")!.Value.GetProperty("master").GetString());
            var route = Routes(n).Single(r => r.GetProperty("dst").GetString() == $"10.202.{n % 3}.0/24");
            Assert.Equal(($"10.202.{n % 3}.1", "br0"), (route.GetProperty("gateway").GetString(), route.GetProperty("dev").GetString()));
            Assert.Contains("onlink", route.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
            // Two GRE ports, both protected: split horizon, so three hosts make no loop.
            Assert.Equal(2, ports.GetProperty("data").EnumerateArray().Count(p => p[0].GetString()!.StartsWith("gre-") && p[1].GetBoolean()));
        }
        AssertRerunChangesNothing("OvsGre");

        Assert.Empty(_ps.Run($"Disconnect-XHostNetwork lab -Session $h -RecordDirectory '{Records}' -Confirm:$false").Errors);
        foreach (var n in new[] { 1, 2, 3 })
        {
            var bridges = Sh.Ok("ip", "netns", "exec", Host(n), "ovs-vsctl", $"--db=unix:/run/xhostnet/labs/{_name}/h{n}/ovs/db.sock", "list-br").Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(new[] { "obrphy" }, bridges);
            Assert.Null(Sh.Link(Host(n), "br0"));
            Assert.DoesNotContain(Routes(n), r => r.GetProperty("dst").GetString()!.StartsWith("10.202."));
        }
        Assert.Empty(RecordFiles());

        // Host 3's Open vSwitch stopped: it fails with its own error and result; hosts 1 and 2 still make their network.
        Assert.Empty(_ps.Run("Stop-OvsDaemon -Session $h[2] -Confirm:$false").Errors);
        var partial = Connect("OvsGre");
        var results = Results(partial);
        Assert.Equal(3, results.Count);
        Assert.Equal((true, (string?)null), (results[0].Changed, results[0].Error));
        Assert.Equal((true, (string?)null), (results[1].Changed, results[1].Error));
        Assert.NotNull(results[2].Error);
        Assert.Equal(ErrorIds.OvsDatabaseUnavailable, partial.ErrorId());
        Assert.All(Pings(partial), p => Assert.True(p.Success));
        Assert.Equal(2, Pings(partial).Count);
        Assert.Empty(_ps.Run($"Disconnect-XHostNetwork lab -Session $h[0], $h[1] -RecordDirectory '{Records}' -Confirm:$false").Errors);
        Assert.Empty(RecordFiles());
    }

    [RootFact]
    public void Vxlan_full_mesh_converges_with_isolated_ports_and_disconnects_to_nothing()
    {
        Lab("");
        // The same network from a topology file: hosts by session name, one with its underlay address named.
        var file = Path.Combine(Path.GetTempPath(), _name + ".psd1");
        File.WriteAllText(file, $$"""
            @{
                Name = 'lab'; Mode = 'Vxlan'; ContainerNetwork = '10.202.0.0/16'; RecordDirectory = '{{Records}}'
                Hosts = @(
                    @{ Session = '{{Host(1)}}'; UnderlayAddress = '10.201.0.1' }
                    @{ Session = '{{Host(2)}}' }
                    @{ Session = '{{Host(3)}}' }
                )
            }
            """);
        var typo = Path.Combine(Path.GetTempPath(), _name + "-typo.psd1");
        File.WriteAllText(typo, "@{ Mode = 'Vxlan'; ContainerNetwork = '10.202.0.0/16'; Hosts = @(@{ Sesion = 'x' }) }");
        try
        {
            Assert.Equal(ErrorIds.NetworkTopologyInvalid, _ps.ErrorIdOf($"Connect-XHostNetwork -Path {typo}"));
            var connect = _ps.Run($"Connect-XHostNetwork -Path {file}");
            AssertConverged(connect, 1450);
        }
        finally
        {
            File.Delete(file);
            File.Delete(typo);
        }
        foreach (var n in new[] { 1, 2, 3 })
        {
            var vxlans = JsonDocument.Parse(Sh.Ok("ip", "-n", Host(n), "-j", "-d", "link", "show", "type", "vxlan")).RootElement.EnumerateArray().ToList();
            Assert.Equal(2, vxlans.Count);
            Assert.All(vxlans, v => Assert.Equal("br0", v.GetProperty("master").GetString()));
            Assert.All(vxlans, v => Assert.True(v.GetProperty("linkinfo").GetProperty("info_slave_data").GetProperty("isolated").GetBoolean()));
        }
        AssertRerunChangesNothing("Vxlan");
        Assert.Empty(_ps.Run($"Disconnect-XHostNetwork lab -Session $h -RecordDirectory '{Records}' -Confirm:$false").Errors);
        foreach (var n in new[] { 1, 2, 3 })
        {
            Assert.Empty(JsonDocument.Parse(Sh.Ok("ip", "-n", Host(n), "-j", "link", "show", "type", "vxlan")).RootElement.EnumerateArray());
            Assert.Null(Sh.Link(Host(n), "br0"));
        }
        Assert.Empty(RecordFiles());
    }

    [RootFact]
    public void SharedLan_moves_each_nic_with_its_address_and_routes_into_br0_and_back()
    {
        Lab("");
        // A gateway route through host 1's NIC must move with it, and come back.
        Sh.Ok("ip", "-n", Host(1), "route", "add", "10.207.0.0/16", "via", "10.201.0.3", "dev", "eth1");
        var before = new[] { 1, 2, 3 }.Select(n => Sh.SettledKernelView(Host(n))).ToList();
        _network = "-ContainerNetwork 10.201.0.128/25 -SubnetPrefixLength 27";
        var connect = Connect("SharedLan", "-ConfirmTimeout 10");
        AssertConverged(connect, 1500, nicMove: true);
        Assert.Equal(new[] { "10.201.0.128/27", "10.201.0.160/27", "10.201.0.192/27" }, Results(connect).Select(r => r.Subnet));
        foreach (var n in new[] { 1, 2, 3 })
        {
            Assert.Equal("br0", Sh.Link(Host(n), "eth1")!.Value.GetProperty("master").GetString());
            Assert.Equal(new[] { $"10.201.0.{n}/24" }, Sh.Addresses(Sh.Link(Host(n), "br0")!.Value));
            Assert.Empty(Sh.Addresses(Sh.Link(Host(n), "eth1")!.Value));
        }
        Assert.Equal("br0", Routes(1).Single(r => r.GetProperty("dst").GetString() == "10.207.0.0/16").GetProperty("dev").GetString());
        AssertRerunChangesNothing("SharedLan");

        // -WhatIf shows each host's watchdog release and the batch that waits for its confirmation, and changes nothing.
        var connected = Sh.SettledKernelView(Host(1));
        var whatIf = _ps.Run($"Disconnect-XHostNetwork lab -Session $h -RecordDirectory '{Records}' -ConfirmTimeout 10 -WhatIf");
        Assert.Empty(whatIf.Errors);
        Assert.Contains("'eth1' out of bridge 'br0' (deleted)", whatIf.HostText);
        Assert.Contains("ip link set dev eth1 nomaster; ip -4 address replace 10.201.0.1/24", whatIf.HostText);
        Assert.Contains("unless a new connection confirms within 10 s", whatIf.HostText);
        Assert.Contains("Once a new connection confirmed the move, in one batch:", whatIf.HostText);
        Assert.Equal(connected, Sh.SettledKernelView(Host(1)));

        // A release no new connection confirms (host 1 takes no new SSH connection while it waits) is rolled back by the
        // host: br0, the NIC in it and its address and routes on br0 as before Disconnect, the record intact.
        var records = RecordFiles().Length;
        Sh.Ok("ip", "netns", "exec", Host(1), "iptables", "-I", "INPUT", "-p", "tcp", "--dport", "22", "--syn", "-j", "DROP");
        var reopen = Task.Run(async () =>
        {
            // Once the watchdog restored, new connections may come again: the module learns the outcome over one.
            var deadline = DateTime.UtcNow + Limits.Walkthrough;
            while (DateTime.UtcNow < deadline && !Directory.GetDirectories("/run/xhostnet", "move-*").Any(d =>
                       File.Exists(Path.Combine(d, "outcome")) && File.ReadAllText(Path.Combine(d, "watchdog.sh")).Contains("10.201.0.1/24")))
                await Task.Delay(200);
            Sh.Ok("ip", "netns", "exec", Host(1), "iptables", "-D", "INPUT", "-p", "tcp", "--dport", "22", "--syn", "-j", "DROP");
        });
        var failed = _ps.Run($"Disconnect-XHostNetwork lab -Session $h[0] -RecordDirectory '{Records}' -ConfirmTimeout 5 -Confirm:$false");
        reopen.Wait();
        Assert.Equal(ErrorIds.AddressMoveRolledBack, failed.ErrorId());
        Assert.Contains("the network's record stays", failed.Errors[0].ToString());
        Assert.Equal(connected, Sh.SettledKernelView(Host(1)));
        Assert.Equal(records, RecordFiles().Length);
        Assert.Empty(_ps.Run("Invoke-XHostCommand -Session $h[0] true").Errors);

        Assert.Empty(_ps.Run($"Disconnect-XHostNetwork lab -Session $h -RecordDirectory '{Records}' -Confirm:$false").Errors);
        // Each host's kernel exactly as before Connect: br0 gone, the NIC with its address and routes (the gateway route too).
        foreach (var n in new[] { 1, 2, 3 }) Assert.Equal(before[n - 1], Sh.SettledKernelView(Host(n)));
        Assert.Equal("eth1", Routes(1).Single(r => r.GetProperty("dst").GetString() == "10.207.0.0/16").GetProperty("dev").GetString());
        Assert.Empty(RecordFiles());
        Assert.Empty(_ps.Run("Invoke-XHostCommand -Session $h true").Errors);
    }

    [RootFact]
    public void SharedLan_rolls_back_a_move_that_cuts_the_session_off_on_that_host_only_and_moves_the_sessions_own_NIC_once_it_can()
    {
        Lab("");
        // Host 3's NIC is the one its SSH session runs over (mgmt0), and its br0 has STP on with the longest forward delay:
        // a new port forwards nothing for 60 s, so no new connection can confirm the move (AddressMoveTests' real lock-out).
        Sh.Ok("ip", "-n", Host(3), "link", "add", "br0", "type", "bridge", "stp_state", "1", "forward_delay", "3000");
        var before = Sh.SettledKernelView(Host(3));
        var names = _ps.Run("$h | ForEach-Object SessionName").Output.Select(o => o.ToString()).ToList();
        var file = Path.Combine(Path.GetTempPath(), _name + ".psd1");
        File.WriteAllText(file, $"@{{ Name = 'lab'; Mode = 'SharedLan'; ContainerNetwork = '10.201.0.128/25'; SubnetPrefixLength = 27; RecordDirectory = '{Records}'; " +
                                $"ConfirmTimeout = 6; Hosts = @(@{{ Session = '{names[0]}' }}, @{{ Session = '{names[1]}' }}, @{{ Session = '{names[2]}'; UnderlayInterface = 'mgmt0' }}) }}");
        try
        {
            // -WhatIf shows each host's watchdog: what it moves, how it restores, and the batch that waits for the confirmation.
            var whatIf = _ps.Run($"Connect-XHostNetwork -Path '{file}' -WhatIf");
            Assert.Empty(whatIf.Errors);
            Assert.Contains("restores the prior state by itself unless a new connection confirms within 6 s", whatIf.HostText);
            Assert.Contains("ip link set dev mgmt0 master br0", whatIf.HostText);
            Assert.Contains("Once a new connection confirmed the move:", whatIf.HostText);
            Assert.Equal(before, Sh.KernelView(Host(3)));

            var connect = _ps.Run($"Connect-XHostNetwork -Path '{file}' -SkipReachabilityTest");
            Assert.Equal(ErrorIds.AddressMoveRolledBack, connect.ErrorId());
            var results = Results(connect);
            Assert.All(results.Take(2), r => Assert.True(r.Changed && r.Error is null, $"{r.Host}: {r.Error}"));
            Assert.False(results[2].Changed);
            Assert.Contains("rolled the move back", results[2].Error);
            Assert.Contains("the host is as it was before; no record was written", results[2].Error);
            Assert.True(results[2].RoundTrips >= 4, $"{results[2].RoundTrips} round trips"); // read, start, the outcome over a new connection, the check of the session
            // Host 3 exactly as before, no record there; its session works again; hosts 1 and 2 moved their NICs.
            Assert.Equal(before, Sh.SettledKernelView(Host(3)));
            Assert.Equal(2, RecordFiles().Length);
            Assert.DoesNotContain(RecordFiles(), f => File.ReadAllText(f).Contains("mgmt0"));
            Assert.Empty(_ps.Run("Invoke-XHostCommand -Session $h[2] true").Errors);
            Assert.Equal("br0", Sh.Link(Host(1), "eth1")!.Value.GetProperty("master").GetString());

            // Without the lock-out, the same command moves host 3's session NIC over that very session, and leaves the others be.
            Sh.Ok("ip", "-n", Host(3), "link", "del", "br0");
            var afterRollback = Sh.SettledKernelView(Host(3));
            var address = Sh.Addresses(Sh.Link(Host(3), "mgmt0")!.Value).Single();
            var again = _ps.Run($"Connect-XHostNetwork -Path '{file}' -SkipReachabilityTest");
            Assert.Empty(again.Errors);
            var second = Results(again);
            Assert.Equal(new[] { false, false, true }, second.Select(r => r.Changed));
            Assert.True(second[2].RoundTrips >= 5, $"{second[2].RoundTrips} round trips");
            Assert.Equal("br0", Sh.Link(Host(3), "mgmt0")!.Value.GetProperty("master").GetString());
            Assert.Equal(new[] { address }, Sh.Addresses(Sh.Link(Host(3), "br0")!.Value));
            Assert.Contains(RecordFiles(), f => File.ReadAllText(f).Contains("\"mgmt0\""));
            Assert.Empty(_ps.Run("Invoke-XHostCommand -Session $h[2] true").Errors);

            // Disconnect moves host 3's session NIC back through its watchdog too, over that same session: as before the move.
            var disconnect = _ps.Run($"Disconnect-XHostNetwork lab -Session $h -RecordDirectory '{Records}' -ConfirmTimeout 10 -Confirm:$false -Verbose");
            Assert.Empty(disconnect.Errors);
            Assert.Null(Sh.Link(Host(3), "br0"));
            Assert.Equal(new[] { address }, Sh.Addresses(Sh.Link(Host(3), "mgmt0")!.Value));
            Assert.Equal(afterRollback, Sh.SettledKernelView(Host(3)));
            Assert.Empty(_ps.Run("Invoke-XHostCommand -Session $h[2] true").Errors);
            Assert.Empty(RecordFiles());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [RootFact]
    public void Docker_puts_each_dockerd_on_br0_with_its_subnet_containers_reach_across_hosts_and_disconnect_puts_the_settings_back()
    {
        Lab("-Docker");
        var daemon = (int n) => File.ReadAllText($"/run/xhostnet/labs/{_name}/h{n}/docker/daemon.json");
        var before = daemon(1);
        var connect = Connect("HostRoutes", "-Docker");
        Assert.Empty(connect.Errors);
        var results = Results(connect);
        // dockerd is read by Set-DockerBridge's reader, apart from the network's one read: two more round trips here (the
        // lab's dockerd reads a config file of its own, found in a second read), said per host.
        Assert.All(results, r => Assert.True(r.Changed && r.Error is null && r.RoundTrips == 4, $"{r.Host}: {r.RoundTrips} round trips, {r.Error}"));
        Assert.All(Pings(connect), p => Assert.True(p.Success, $"{p.Source} → {p.Target}: {p.Error}"));
        Assert.Contains("\"fixed-cidr\": \"10.202.0.0/24\"", daemon(1));
        Assert.Contains("\"bridge\": \"br0\"", daemon(1));

        // Containers of two hosts' dockerds reach each other through the routes.
        var run = (int n) => _ps.Run($"Invoke-XHostCommand -Session $h[{n - 1}] -ArgumentList docker, -H, $h[{n - 1}].DockerHost, run, -d, --name, c{n}, local/busybox:1, sleep, 600");
        Assert.Empty(run(1).Errors);
        Assert.Empty(run(2).Errors);
        var ip = _ps.Run("Invoke-XHostCommand -Session $h[1] -ArgumentList docker, -H, $h[1].DockerHost, inspect, -f, '{{.NetworkSettings.IPAddress}}', c2")
            .Single<XHostNet.Execution.CommandResult>().StandardOutput.Trim();
        Assert.StartsWith("10.202.1.", ip);
        var ping = _ps.Run($"Invoke-XHostCommand -Session $h[0] -ArgumentList docker, -H, $h[0].DockerHost, exec, c1, ping, -c, 2, -W, 2, {ip}");
        Assert.Empty(ping.Errors);
        foreach (var n in new[] { 1, 2 }) _ps.Run($"Invoke-XHostCommand -Session $h[{n - 1}] -ArgumentList docker, -H, $h[{n - 1}].DockerHost, rm, -f, c{n}");

        var again = Connect("HostRoutes", "-Docker -SkipReachabilityTest");
        Assert.Empty(again.Errors);
        Assert.All(Results(again), r => Assert.Equal((false, 3L), (r.Changed, r.RoundTrips)));

        Assert.Empty(_ps.Run($"Disconnect-XHostNetwork lab -Session $h -RecordDirectory '{Records}' -Confirm:$false").Errors);
        // The same settings as before (the file is rewritten, so compared as JSON).
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(before), System.Text.Json.Nodes.JsonNode.Parse(daemon(1))), daemon(1));
        Assert.Null(Sh.Link(Host(1), "br0"));
        Assert.Empty(RecordFiles());
    }

    public void Dispose()
    {
        _ps.Run($"Remove-XHostLab {_name}");
        _ps.Dispose();
        if (Directory.Exists($"/run/xhostnet/labs/{_name}")) Directory.Delete($"/run/xhostnet/labs/{_name}", recursive: true);
    }
}
