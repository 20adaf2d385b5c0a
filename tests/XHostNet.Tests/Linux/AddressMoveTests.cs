using System.Diagnostics;
using System.Text.Json;
using XHostNet.Linux;
using XHostNet.Sessions;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Linux;

/// <summary>
/// Add-LinuxBridgePort -MoveAddress over SSH against a real OpenSSH server whose address sits on the very NIC being moved
/// (<see cref="SshServer"/>: sshd listens on the namespace end of a veth from this machine). Each test gets a server of
/// its own, because a test that fails half-way must not leave the next one a moved NIC.
/// </summary>
[Collection(AddressMoveCollection.Name)]
public sealed class AddressMoveTests : IDisposable
{
    private const string Bridge = "xbr0";
    // What a move's watchdog carries on its command line: its directory, AddressMoveWatchdog.Root/move-….
    private const string WatchdogMarker = AddressMoveWatchdog.Root + "/move-";
    private readonly PowerShellRunner _ps = new();
    private readonly List<IDisposable> _cleanup = new();

    public void Dispose()
    {
        _ps.Dispose();
        foreach (var item in Enumerable.Reverse(_cleanup)) item.Dispose();
        // A test that failed before reading its move's outcome leaves the move's directory on this machine: take it too.
        foreach (var nic in _sshNics)
            foreach (var directory in MoveDirectories(nic)) Directory.Delete(directory, recursive: true);
    }

    /// <summary>The SSH hosts' NICs (unique names): their moves' directories are this class's to remove.</summary>
    private readonly List<string> _sshNics = new();

    /// <summary>An SSH host whose NIC carries the sshd address, a default route through this machine and a route in table 100.</summary>
    private (SshServer Server, string Nic) SshHostWithRoutes()
    {
        var server = new SshServer();
        _cleanup.Add(server);
        var nic = server.HostSide[..^1] + "b";
        _sshNics.Add(nic);
        var gateway = Gateway(server.Address);
        Sh.Ok("ip", "-n", server.NamespaceName, "route", "add", "default", "via", gateway, "dev", nic, "metric", "100", "proto", "static");
        Sh.Ok("ip", "-n", server.NamespaceName, "route", "add", "10.207.77.0/24", "via", gateway, "dev", nic, "table", "100", "metric", "5");
        Sh.Ok("ip", "-n", server.NamespaceName, "route", "add", "10.207.78.0/24", "dev", nic, "src", server.Address, "proto", "static", "mtu", "1400");
        _ps.Set("ip", server.Address);
        _ps.Set("rootKey", server.RootKey);
        _ps.Set("fp", server.HostKeyFingerprint);
        _ps.Set("nic", nic);
        _ps.Run("$s = New-XHostSession -HostName $ip -UserName root -KeyFile $rootKey -HostKeyFingerprint $fp");
        return (server, nic);
    }

    private static string Gateway(string address)
    {
        var parts = address.Split('.');
        parts[3] = (int.Parse(parts[3]) - 1).ToString();
        return string.Join('.', parts);
    }

    [RootFact]
    public void A_good_move_keeps_the_session_and_puts_addresses_routes_and_the_NIC_in_the_bridge_for_good()
    {
        var (server, nic) = SshHostWithRoutes();
        var ns = server.NamespaceName;
        var mac = Sh.Link(ns, nic)!.Value.GetProperty("address").GetString();
        var watchdogs = Watchdogs(ns);
        var moves = MoveDirectories(nic);

        var stopwatch = Stopwatch.StartNew();
        var result = _ps.Run($"Add-LinuxBridgePort -Session $s -Bridge {Bridge} -Interface $nic -MoveAddress -ConfirmTimeout 8 -PassThru");
        stopwatch.Stop();

        Assert.Empty(result.Errors);
        var bridge = result.Single<LinuxBridge>();
        Assert.Contains(nic, bridge.Ports);
        Assert.Contains($"{server.Address}/30", bridge.Addresses.Select(a => a.ToString()));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(8), $"confirming took {stopwatch.Elapsed}: it should not wait out the timeout");
        Assert.Empty(_ps.Run("Invoke-XHostCommand -Session $s true").Errors);

        AssertMoved(ns, nic, server.Address, mac!);
        // Past the timeout nothing rolls back: the watchdog took the confirmation, recorded it and is gone with its directory.
        Thread.Sleep(TimeSpan.FromSeconds(10));
        AssertMoved(ns, nic, server.Address, mac!);
        Assert.Empty(Watchdogs(ns).Except(watchdogs));
        Assert.Empty(MoveDirectories(nic).Except(moves));
        Assert.Empty(_ps.Run("Invoke-XHostCommand -Session $s true").Errors);
    }

    private static void AssertMoved(string ns, string nic, string address, string mac)
    {
        var port = Sh.Link(ns, nic)!.Value;
        Assert.Equal(Bridge, port.GetProperty("master").GetString());
        Assert.Empty(Sh.Addresses(port));
        var bridge = Sh.Link(ns, Bridge)!.Value;
        Assert.Equal([$"{address}/30"], Sh.Addresses(bridge));
        Assert.Equal(mac, bridge.GetProperty("address").GetString());
        var routes = Routes(ns);
        Assert.Contains(routes, r => r.Contains("\"dst\":\"default\"") && r.Contains($"\"dev\":\"{Bridge}\"") && r.Contains("\"protocol\":\"static\"") && r.Contains("\"metric\":100"));
        Assert.Contains(routes, r => r.Contains("\"dst\":\"10.207.77.0/24\"") && r.Contains($"\"dev\":\"{Bridge}\"") && r.Contains("\"table\":\"100\"") && r.Contains("\"metric\":5"));
        Assert.Contains(routes, r => r.Contains("\"dst\":\"10.207.78.0/24\"") && r.Contains($"\"dev\":\"{Bridge}\"") && r.Contains($"\"prefsrc\":\"{address}\"") && r.Contains("\"mtu\":1400"));
        Assert.DoesNotContain(routes, r => r.Contains($"\"dev\":\"{nic}\"") && !r.Contains("\"table\":\"local\"") && !r.Contains("fe80::") && !r.Contains("ff00::"));
    }

    [RootFact]
    public void A_move_that_cuts_the_host_off_is_rolled_back_by_the_host_and_the_original_session_works_again()
    {
        var (server, nic) = SshHostWithRoutes();
        var ns = server.NamespaceName;
        // A real way to lock yourself out: a bridge with STP on and the longest forward delay keeps a new port listening,
        // then learning, for 60 s; meanwhile it forwards nothing, so the host's address on the bridge does not answer.
        Sh.Ok("ip", "-n", ns, "link", "add", Bridge, "type", "bridge", "stp_state", "1", "forward_delay", "3000");
        var before = Sh.SettledKernelView(ns);
        var watchdogs = Watchdogs(ns);
        var moves = MoveDirectories(nic);

        var result = _ps.Run($"Add-LinuxBridgePort -Session $s -Bridge {Bridge} -Interface $nic -MoveAddress -ConfirmTimeout 6");

        Assert.Equal(ErrorIds.AddressMoveRolledBack, result.ErrorId());
        var message = result.Errors[0].Exception.Message;
        Assert.Contains("rolled the move back", message);
        Assert.Contains("not confirmed within 6 s", message);
        Assert.Contains("works again", message);
        Assert.Empty(result.Output);
        // The original connection survived the outage: TCP waited, the host came back in time.
        var again = _ps.Run("Invoke-XHostCommand -Session $s -- ip -j address show dev $nic");
        Assert.Empty(again.Errors);
        Assert.Equal(before, Sh.KernelView(ns));
        Assert.Empty(Sh.WaitUntilNone(() => Watchdogs(ns), Limits.Command).Except(watchdogs));
        Assert.Empty(MoveDirectories(nic).Except(moves)); // the cmdlet read the outcome, and the record went with it
    }

    [RootFact]
    public void Stopping_the_cmdlet_during_the_move_leaves_the_watchdog_to_roll_it_back()
    {
        var (server, nic) = SshHostWithRoutes();
        var ns = server.NamespaceName;
        var before = Sh.SettledKernelView(ns);
        var watchdogs = Watchdogs(ns);
        string[] Ours() => Watchdogs(ns).Except(watchdogs).ToArray();
        var moves = MoveDirectories(nic);

        // Stopped once the watchdog runs its script in a session of its own (its state file exists): a stop while setsid
        // is still starting ends it with the launcher, before it has changed anything.
        bool Detached() => MoveDirectories(nic).Except(moves).Any(d => File.Exists(Path.Combine(d, "state")));
        _ps.RunAndStop($"Add-LinuxBridgePort -Session $s -Bridge {Bridge} -Interface $nic -MoveAddress -ConfirmTimeout 5",
            Detached, Limits.Command);
        Assert.NotEmpty(Ours());

        // Nobody confirms: the watchdog restores once its 5 s are up, and removes the bridge it made.
        var deadline = DateTime.UtcNow + Limits.Command;
        while (Ours().Length > 0 && DateTime.UtcNow < deadline) Thread.Sleep(200);
        Assert.Equal(before, Sh.KernelView(ns));
        Assert.Null(Sh.Link(ns, Bridge));
        Assert.Empty(_ps.Run("Invoke-XHostCommand -Session $s true").Errors);
        // With nobody left to read it, the outcome stays on the host as the watchdog recorded it.
        var ours = Assert.Single(MoveDirectories(nic).Except(moves));
        Assert.Equal("rolled-back\n", File.ReadAllText(Path.Combine(ours, "outcome")));
        Directory.Delete(ours, recursive: true);
    }

    /// <summary>
    /// This test's moves: the directories whose watchdog names its NIC (unique per test), since other suites on this
    /// machine make moves of their own under the same root.
    /// </summary>
    private static string[] MoveDirectories(string nic) =>
        (Directory.Exists(AddressMoveWatchdog.Root) ? Directory.GetDirectories(AddressMoveWatchdog.Root, "move-*") : [])
            .Where(d => Names(d, nic)).ToArray();

    private static bool Names(string directory, string nic)
    {
        try
        {
            return File.ReadAllText(Path.Combine(directory, "watchdog.sh")).Contains($" {nic} ", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false; // gone, or not written yet
        }
    }

    /// <summary>The watchdogs running in namespace <paramref name="ns"/> (ip netns identify), not another suite's.</summary>
    private static string[] Watchdogs(string ns) =>
        Sh.Processes(WatchdogMarker).Where(line => Sh.Run("ip", "netns", "identify", line.Trim().Split(' ')[0]).Out.Split('\n').Contains(ns)).ToArray();

    [RootFact]
    public void WhatIf_prints_the_watchdog_and_what_would_move_and_changes_nothing()
    {
        using var ns = NamespaceWithNic(out var nic);
        var before = Sh.SettledKernelView(ns.Name);
        var watchdogs = Watchdogs(ns.Name);

        var result = _ps.Run($"Add-LinuxBridgePort -Session (New-XHostSession -NetworkNamespace {ns.Name}) -Bridge {Bridge} -Interface {nic} -MoveAddress -WhatIf");

        Assert.Empty(result.Errors);
        Assert.Contains("setsid sh", result.HostText);
        Assert.Contains($"ip link set dev {nic} master {Bridge}", result.HostText);
        Assert.Contains($"ip -4 address add 10.207.90.2/24 broadcast 10.207.90.255 dev {Bridge}", result.HostText);
        Assert.Contains($"ip -4 route replace default via 10.207.90.1 dev {Bridge} proto static metric 50", result.HostText);
        Assert.Contains("restores the prior state by itself unless a new connection confirms within 30 s", result.HostText);
        Assert.Equal(before, Sh.KernelView(ns.Name));
        Thread.Sleep(AddressMoveWatchdog.Settle * 2);
        Assert.Empty(Watchdogs(ns.Name).Except(watchdogs));
    }

    [RootFact]
    public void Bad_input_fails_before_anything_changes()
    {
        using var ns = NamespaceWithNic(out var nic);
        ns.Exec("ip", "link", "add", "xother", "type", "bridge");
        ns.Exec("ip", "link", "add", "xbare", "type", "veth", "peer", "name", "xbarep");
        ns.Exec("ip", "link", "add", "xported", "type", "veth", "peer", "name", "xportedp");
        ns.Exec("ip", "address", "add", "10.207.91.2/24", "dev", "xported");
        ns.Exec("ip", "link", "set", "xported", "master", "xother");
        var before = Sh.SettledKernelView(ns.Name);
        _ps.Run($"$n = New-XHostSession -NetworkNamespace {ns.Name}");

        Assert.Equal(ErrorIds.InterfaceNotFound, _ps.Run($"Add-LinuxBridgePort -Session $n {Bridge} nosuch0 -MoveAddress").ErrorId());
        Assert.Equal(ErrorIds.InterfaceHasOtherMaster, _ps.Run($"Add-LinuxBridgePort -Session $n {Bridge} xported -MoveAddress").ErrorId());
        Assert.Equal(ErrorIds.AddressMoveNothingToMove, _ps.Run($"Add-LinuxBridgePort -Session $n {Bridge} xbare -MoveAddress").ErrorId());
        Assert.Equal(ErrorIds.InterfaceNotABridge, _ps.Run($"Add-LinuxBridgePort -Session $n xbarep {nic} -MoveAddress").ErrorId());
        Assert.Equal(ErrorIds.InvalidArgument, _ps.Run($"Add-LinuxBridgePort -Session $n {Bridge} {nic},xbare -MoveAddress").ErrorId());
        // -Force (taking a port from another master) has no meaning for a move, and a timeout under 5 s cannot be met.
        Assert.Equal("AmbiguousParameterSet", _ps.Run($"Add-LinuxBridgePort -Session $n {Bridge} {nic} -MoveAddress -Force").ErrorId());
        Assert.Equal("ParameterArgumentValidationError", _ps.Run($"Add-LinuxBridgePort -Session $n {Bridge} {nic} -MoveAddress -ConfirmTimeout 1").ErrorId());
        Assert.Equal(before, Sh.KernelView(ns.Name));
    }

    [RootFact]
    public async Task A_command_of_the_move_that_fails_on_the_host_is_restored_at_once_through_the_core_API()
    {
        using var ns = NamespaceWithNic(out var nic);
        using var session = XHostSession.ForNetworkNamespace(ns.Name);
        var plan = AddressMovePlanner.Plan(await AddressMoveState.ReadAsync(session, CancellationToken.None), nic, Bridge, TimeSpan.FromSeconds(30));
        var before = Sh.SettledKernelView(ns.Name);
        // The host changes between the read and the move: the address the move deletes from the NIC at its end is gone already.
        ns.Exec("ip", "address", "del", "10.207.90.2/24", "dev", nic);

        var stopwatch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<XHostException>(() => plan.ApplyAsync(CancellationToken.None));

        Assert.Equal(ErrorIds.AddressMoveFailed, error.ErrorId);
        Assert.Contains($"ip -4 address del 10.207.90.2/24 dev {nic}", error.Message);
        Assert.Contains("works again", error.Message);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(30), $"a failed move took {stopwatch.Elapsed}: it should not wait out the timeout");
        // Restored as the plan saw the host: the bridge it made is gone, the address and default route are on the NIC.
        Assert.Equal(before, Sh.KernelView(ns.Name));
    }

    /// <summary>A namespace host whose NIC (one end of a veth inside it) has an address and the default route.</summary>
    private static TempNamespace NamespaceWithNic(out string nic)
    {
        var ns = new TempNamespace("xam");
        nic = "xnic0";
        ns.Exec("ip", "link", "add", nic, "type", "veth", "peer", "name", "xnic0p");
        ns.Exec("ip", "address", "add", "10.207.90.2/24", "broadcast", "10.207.90.255", "dev", nic);
        ns.Exec("ip", "link", "set", nic, "up");
        ns.Exec("ip", "link", "set", "xnic0p", "up");
        ns.Exec("ip", "route", "add", "default", "via", "10.207.90.1", "dev", nic, "proto", "static", "metric", "50");
        // The kernel gives each end an IPv6 link-local address a moment after it comes up: let that settle before any snapshot.
        var deadline = DateTime.UtcNow + Limits.Command;
        while (DateTime.UtcNow < deadline && new[] { nic, "xnic0p" }.Any(link =>
                   !ns.Exec("ip", "-6", "-o", "address", "show", "dev", link, "scope", "link").Contains("fe80::") ||
                   ns.Exec("ip", "-6", "-o", "address", "show", "dev", link, "tentative").Length > 0))
            Thread.Sleep(100);
        return ns;
    }

    private static string[] Routes(string ns) =>
        new[] { "-4", "-6" }.SelectMany(family => JsonDocument.Parse(Sh.Ok("ip", "-n", ns, family, "-j", "route", "show", "table", "all")).RootElement
            .EnumerateArray().Select(r => r.GetRawText())).Order().ToArray();
}
