using System.Management.Automation;
using XHostNet.Ovs;
using XHostNet.Tests.Support;
using XHostNet.Tunnels;

namespace XHostNet.Tests.Commands;

/// <summary>The Open vSwitch and tunnel cmdlets' checks and errors, against a real ovsdb-server/ovs-vswitchd per host.</summary>
public sealed class OvsCmdletTests : IDisposable
{
    private readonly PowerShellRunner _ps = new();
    private readonly TwoHostLab _lab = null!;

    public OvsCmdletTests()
    {
        if (!Root.IsRoot) return;
        _lab = new TwoHostLab();
        Assert.Empty(_ps.Run(_lab.SessionsScript).Errors);
    }

    [RootFact]
    public void WhatIf_shows_the_ovs_vsctl_commands_for_this_host_and_changes_nothing()
    {
        var result = _ps.Run("New-OvsBridge obr0 -Session $h[0] -WhatIf | Add-GreTunnel -PassThru -Name gre0 -RemoteAddress 10.201.0.2");
        Assert.Empty(result.Errors);
        Assert.Contains($"ovs-vsctl --db={_lab.Database(1)} --timeout=20 add-br obr0 -- set Bridge obr0 datapath_type=netdev", result.HostText);
        Assert.Contains("ip link set dev obr0 up", result.HostText);
        Assert.Equal(new[] { "obrphy" }, _lab.OvsBridges(1));
    }

    [RootFact]
    public void Without_a_kernel_datapath_a_new_bridge_falls_back_to_userspace_with_a_warning()
    {
        var result = _ps.Run("New-OvsBridge obr0 -Session $h[0]");
        Assert.Empty(result.Errors);
        Assert.Contains(result.Warnings, w => w.Contains("userspace datapath (netdev)"));
        var bridge = result.Single<OvsBridge>();
        Assert.Equal(("netdev", "up", (string?)null), (bridge.DatapathType, bridge.State, bridge.Error));
        Assert.Equal("netdev", _lab.Vsctl(1, "get", "Bridge", "obr0", "datapath_type").Trim());
        Assert.Contains("UP", Sh.Link(_lab.Host(1), "obr0")!.Value.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
    }

    [RootFact]
    public void A_kernel_datapath_bridge_that_gets_no_device_is_an_error_and_is_rolled_back()
    {
        // ovs-vsctl exits 0 here although this kernel has no openvswitch module: the bridge row gets no device.
        var result = _ps.Run("New-OvsBridge kbr0 -DatapathType system -Session $h[0]");
        Assert.Equal(ErrorIds.OvsBridgeNotWorking, result.ErrorId());
        Assert.Contains("-DatapathType netdev", result.Errors[0].Exception.Message);
        Assert.Contains("undone", result.Errors[0].Exception.Message);
        Assert.Equal(new[] { "obrphy" }, _lab.OvsBridges(1));
    }

    [RootFact]
    public void Force_switches_a_broken_kernel_datapath_bridge_to_userspace_and_brings_it_up()
    {
        _lab.Vsctl(1, "add-br", "kbr0"); // kernel datapath, made behind XHostNet's back: no device here
        var broken = _ps.Run("Get-OvsBridge kbr0 -Session $h[0]").Single<OvsBridge>();
        Assert.NotNull(broken.Error);
        Assert.Equal(ErrorIds.OvsBridgeConflict, _ps.Run("New-OvsBridge kbr0 -DatapathType netdev -Session $h[0]").ErrorId());
        var fixedBridge = _ps.Run("New-OvsBridge kbr0 -DatapathType netdev -Force -Session $h[0]");
        Assert.Empty(fixedBridge.Errors);
        Assert.Equal(("netdev", (string?)null), (fixedBridge.Single<OvsBridge>().DatapathType, fixedBridge.Single<OvsBridge>().Error));
        Assert.Contains("UP", Sh.Link(_lab.Host(1), "kbr0")!.Value.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
    }

    [RootFact]
    public void A_tunnel_that_ovs_accepts_but_cannot_run_is_an_error_and_is_removed_again()
    {
        // A bridge on the missing kernel datapath, made behind XHostNet's back: its ports never get an ofport.
        _lab.Vsctl(1, "add-br", "kbr0");
        var result = _ps.Run("Add-GreTunnel -PassThru -Bridge kbr0 gre9 10.201.0.2 -Session $h[0]");
        Assert.Equal(ErrorIds.TunnelNotWorking, result.ErrorId());
        Assert.Equal(ErrorCategory.InvalidResult, result.Errors[0].CategoryInfo.Category);
        Assert.Contains("undone", result.Errors[0].Exception.Message);
        Assert.DoesNotContain("gre9", _lab.OvsInterfaces(1).Keys);
    }

    [RootFact]
    public void An_unreachable_database_names_the_socket_and_what_to_do()
    {
        var result = _ps.Run($"$x = New-XHostSession -NetworkNamespace {_lab.Host(1)} -OvsDatabase unix:{_lab.Dir}/nowhere/db.sock; Get-OvsBridge -Session $x; New-OvsBridge obr0 -Session $x");
        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.StartsWith(ErrorIds.OvsDatabaseUnavailable, e.FullyQualifiedErrorId));
        Assert.All(result.Errors, e => Assert.Equal(ErrorCategory.ResourceUnavailable, e.CategoryInfo.Category));
        Assert.Contains($"unix:{_lab.Dir}/nowhere/db.sock", result.Errors[0].Exception.Message);
        Assert.Contains("-OvsDatabase", result.Errors[0].Exception.Message);
        Assert.Contains("/usr/local/var/run/openvswitch/db.sock", result.Errors[0].Exception.Message);
        Assert.DoesNotContain("obr0", Sh.LinkNames(_lab.Host(1)));

        // GRE lives only in Open vSwitch: an error. VXLAN may be a kernel device: those are listed, with a warning.
        Assert.Equal(ErrorIds.OvsDatabaseUnavailable, _ps.Run("Get-GreTunnel -Session $x").ErrorId());
        var vxlan = _ps.Run("New-LinuxBridge br9 -Session $x | Out-Null; Add-VxlanTunnel -Bridge br9 kvx9 10.201.0.2 -Vni 9 -Session $x -WarningAction SilentlyContinue | Out-Null; Get-VxlanTunnel -Session $x");
        Assert.Empty(vxlan.Errors);
        Assert.Equal("kvx9", vxlan.Single<VxlanTunnel>().Name);
        Assert.Contains(vxlan.Warnings, w => w.Contains("Open vSwitch tunnels on host") && w.Contains("nowhere/db.sock"));
    }

    [RootFact]
    public void A_missing_bridge_is_an_error_that_changes_nothing()
    {
        var result = _ps.Run("Add-GreTunnel -PassThru -Bridge nosuch gre0 10.201.0.2 -Session $h[0]");
        Assert.Equal(ErrorIds.TunnelBridgeNotFound, result.ErrorId());
        Assert.DoesNotContain("gre0", _lab.OvsInterfaces(1).Keys);
    }

    [RootTheory]
    [InlineData("10.300.0.1", "ParameterArgumentTransformationError")]
    [InlineData("010.201.0.2", "ParameterArgumentTransformationError")]   // octal in IPAddress.Parse: 8.201.0.2
    [InlineData("224.0.0.5", "ParameterArgumentValidationError")]
    [InlineData("0.0.0.0", "ParameterArgumentValidationError")]
    [InlineData("127.0.0.1", "ParameterArgumentValidationError")]
    public void An_invalid_remote_address_fails_at_binding(string address, string errorId)
    {
        var result = _ps.Run($"New-OvsBridge obr0 -Session $h[0] -WarningAction SilentlyContinue | Out-Null; Add-GreTunnel -PassThru -Bridge obr0 gre0 -RemoteAddress {address} -Session $h[0]");
        Assert.Equal(errorId, result.ErrorId());
        Assert.DoesNotContain("gre0", _lab.OvsInterfaces(1).Keys);
    }

    [RootFact]
    public void A_tunnel_name_clash_is_a_conflict_unless_Force_replaces_it()
    {
        Assert.Empty(_ps.Run("New-OvsBridge obr0 -Session $h[0] -WarningAction SilentlyContinue | Add-GreTunnel -Name gre0 -RemoteAddress 10.201.0.2").Errors);
        var uuid = _lab.OvsInterfaces(1)["gre0"].GetProperty("_uuid").GetRawText();

        var clash = _ps.Run("Add-GreTunnel -PassThru -Bridge obr0 gre0 10.201.0.9 -Key 5 -Session $h[0]");
        Assert.Equal(ErrorIds.TunnelConflict, clash.ErrorId());
        Assert.Contains("remote_ip=10.201.0.2", clash.Errors[0].Exception.Message);
        Assert.Equal(uuid, _lab.OvsInterfaces(1)["gre0"].GetProperty("_uuid").GetRawText());

        var kernelName = _ps.Run($"Add-GreTunnel -PassThru -Bridge obr0 {_lab.ContainerPort(1)} 10.201.0.2 -Session $h[0]");
        Assert.Equal(ErrorIds.InterfaceNameInUse, kernelName.ErrorId());

        // -Force replaces tunnels only: never the underlay NIC's port of obrphy.
        Assert.Equal(ErrorIds.InterfaceNameInUse, _ps.Run($"Add-GreTunnel -Bridge obr0 eth1 10.201.0.2 -Force -Session $h[0]").ErrorId());
        Assert.Equal("obrphy", _lab.Vsctl(1, "port-to-br", TwoHostLab.Underlay).Trim());

        var twin = _ps.Run("Add-GreTunnel -PassThru -Bridge obr0 gre1 10.201.0.2 -Session $h[0]");
        Assert.Equal(ErrorIds.TunnelEndpointInUse, twin.ErrorId());

        var forced = _ps.Run("Add-GreTunnel -PassThru -Bridge obr0 gre0 10.201.0.9 -Key 5 -Session $h[0] -Force");
        Assert.Empty(forced.Errors);
        var tunnel = forced.Single<GreTunnel>();
        Assert.Equal(("10.201.0.9", "5", 42), (tunnel.RemoteAddress, tunnel.Key, tunnel.Overhead));
        Assert.Contains("[\"key\",\"5\"]", _lab.OvsInterfaces(1)["gre0"].GetProperty("options").GetRawText());
    }

    [RootFact]
    public void Kernel_and_open_vswitch_vxlan_cannot_share_a_name_or_a_udp_port()
    {
        Assert.Empty(_ps.Run("""
            New-OvsBridge obr0 -Session $h[0] -WarningAction SilentlyContinue | Add-VxlanTunnel -Name ovx0 -RemoteAddress 10.201.0.2 -Vni 5 -WarningAction SilentlyContinue
            New-LinuxBridge br0 -Session $h[0] | Out-Null
            """).Errors);
        Assert.Equal(ErrorIds.InterfaceNameInUse, _ps.Run("Add-VxlanTunnel -Bridge br0 ovx0 10.201.0.2 -Vni 6 -Session $h[0]").ErrorId());
        var clash = _ps.Run("Add-VxlanTunnel -PassThru -Bridge br0 kvx0 10.201.0.2 -Vni 6 -Session $h[0]");
        Assert.Equal(ErrorIds.TunnelEndpointInUse, clash.ErrorId());
        Assert.Contains("UDP port 4789", clash.Errors[0].Exception.Message);
        Assert.Null(Sh.Link(_lab.Host(1), "kvx0"));
        Assert.Empty(_ps.Run("Add-VxlanTunnel -Bridge br0 kvx0 10.201.0.2 -Vni 6 -Port 4790 -Session $h[0] -WarningAction SilentlyContinue").Errors);
    }

    [RootFact]
    public void Add_tunnel_cmdlets_write_the_tunnel_only_with_PassThru()
    {
        Assert.Empty(_ps.Run("New-OvsBridge obr0 -Session $h[0] -WarningAction SilentlyContinue").Errors);
        var gre = _ps.Run("Add-GreTunnel -Bridge obr0 gre0 10.201.0.2 -Session $h[0] -WarningAction SilentlyContinue");
        Assert.Empty(gre.Errors);
        Assert.Empty(gre.Output);
        Assert.Equal("gre0", _ps.Run("Get-GreTunnel -Session $h[0]").Single<GreTunnel>().Name);
        Assert.Equal("gre0", _ps.Run("Add-GreTunnel -Bridge obr0 gre0 10.201.0.2 -Session $h[0] -PassThru -WarningAction SilentlyContinue").Single<GreTunnel>().Name);

        var vxlan = _ps.Run("Add-VxlanTunnel -Bridge obr0 vxo0 10.201.0.2 -Vni 5 -Port 4790 -Session $h[0] -WarningAction SilentlyContinue");
        Assert.Empty(vxlan.Errors);
        Assert.Empty(vxlan.Output);
        var passed = _ps.Run("Add-VxlanTunnel -Bridge obr0 vxo1 10.201.0.3 -Vni 6 -Port 4791 -Session $h[0] -PassThru -WarningAction SilentlyContinue");
        Assert.Empty(passed.Errors);
        Assert.Equal(("vxo1", 6), (passed.Single<VxlanTunnel>().Name, passed.Single<VxlanTunnel>().Vni));
        Assert.Equal(new[] { "vxo0", "vxo1" }, _ps.Run("Get-VxlanTunnel -Session $h[0]").All<VxlanTunnel>().Select(t => t.Name).Order());
    }

    [RootFact]
    public void Mtu_above_what_the_overlay_carries_is_warned_about()
    {
        // The lab's container port has MTU 1462; a bridge left at 1500 is more than GRE over a 1500 underlay carries.
        var result = _ps.Run("New-OvsBridge obr0 -Session $h[0] -WarningAction SilentlyContinue | Add-GreTunnel -PassThru -Name gre0 -RemoteAddress 10.201.0.2");
        Assert.Contains(result.Warnings, w => w.Contains("at most 1462 bytes") && w.Contains("obr0 (1500)"));
        var tunnel = result.Single<GreTunnel>();
        Assert.Equal((1500, 38, 1462, "obrphy"), (tunnel.UnderlayMtu!.Value, tunnel.Overhead, tunnel.OverlayMtu!.Value, tunnel.EgressInterface));
    }

    [RootFact]
    public void Get_and_Remove_find_tunnels_by_name_and_kind()
    {
        Assert.Empty(_ps.Run("""
            New-OvsBridge obr0 -Session $h[0] -WarningAction SilentlyContinue | Add-GreTunnel -Name gre0 -RemoteAddress 10.201.0.2 -WarningAction SilentlyContinue
            Add-VxlanTunnel -Bridge obr0 vxo0 10.201.0.2 -Vni 5 -Session $h[0] -WarningAction SilentlyContinue
            """).Errors);
        Assert.Equal(new[] { "gre0" }, _ps.Run("Get-GreTunnel -Session $h[0]").All<GreTunnel>().Select(t => t.Name));
        Assert.Equal(new[] { "vxo0" }, _ps.Run("Get-VxlanTunnel vx* -Session $h[0]").All<VxlanTunnel>().Select(t => t.Name));
        Assert.Equal(ErrorIds.GreTunnelNotFound, _ps.Run("Get-GreTunnel nosuch -Session $h[0]").ErrorId());
        Assert.Equal(new[] { "gre0", "vxo0" }, _ps.Run("Get-OvsBridge obr0 -Session $h[0]").Single<OvsBridge>().Tunnels);

        Assert.Equal(ErrorIds.NotATunnel, _ps.Run("Remove-GreTunnel vxo0 -Session $h[0] -Confirm:$false").ErrorId());
        Assert.Equal(ErrorIds.NotATunnel, _ps.Run("Remove-GreTunnel obrphy -Session $h[0] -Confirm:$false").ErrorId());
        Assert.Empty(_ps.Run("Get-GreTunnel -Session $h[0] | Remove-GreTunnel -Confirm:$false").Errors);
        Assert.DoesNotContain("gre0", _lab.OvsInterfaces(1).Keys);
        Assert.Contains("vxo0", _lab.OvsInterfaces(1).Keys);
        Assert.Empty(_ps.Run("Remove-OvsBridge obr0 -Session $h[0] -Confirm:$false; Remove-OvsBridge obr0 -Session $h[0] -Confirm:$false").Errors);
        Assert.Equal(new[] { "obrphy" }, _lab.OvsBridges(1));
        Assert.Equal(ErrorIds.NotAnOvsBridge, _ps.Run($"Remove-OvsBridge {_lab.ContainerPort(1)} -Session $h[0] -Confirm:$false").ErrorId());
        Assert.Equal(ErrorIds.NotAnOvsBridge, _ps.Run($"Remove-OvsBridge eth1 -Session $h[0] -Confirm:$false").ErrorId()); // a port of obrphy
    }

    [RootFact]
    public void Of_concurrent_Add_GreTunnel_with_one_name_and_different_remotes_exactly_one_succeeds_and_its_remote_is_what_ovs_shows()
    {
        Assert.Empty(_ps.Run("New-OvsBridge obr0 -Session $h[0] -WarningAction SilentlyContinue").Errors);
        var runners = Enumerable.Range(0, 6).Select(_ => new PowerShellRunner()).ToList();
        try
        {
            foreach (var r in runners) Assert.Empty(r.Run(_lab.SessionsScript).Errors);
            using var start = new Barrier(runners.Count);
            var runs = runners.Select((r, i) => Task.Run(() =>
            {
                start.SignalAndWait();
                return r.Run($"Add-GreTunnel -PassThru -Bridge obr0 gre0 10.201.0.{10 + i} -Session $h[0] -WarningAction SilentlyContinue");
            })).ToArray();
            Task.WaitAll(runs);
            var results = runs.Select(t => t.Result).ToList();
            var winner = Assert.Single(results, r => r.Errors.Count == 0).Single<GreTunnel>();
            Assert.Equal($"\"{winner.RemoteAddress}\"", _lab.Vsctl(1, "get", "Interface", "gre0", "options:remote_ip").Trim());
            // The others fail clearly: the port was made by another call between their read and their change (or before their read).
            Assert.All(results.Where(r => r.Errors.Count > 0), r => Assert.Contains(r.ErrorId(), new[] { ErrorIds.TunnelChangedConcurrently, ErrorIds.TunnelConflict }));
            Assert.Equal(5, results.Count(r => r.Errors.Count > 0));
            Assert.Equal(new[] { "gre0" }, _lab.OvsInterfaces(1).Where(i => i.Value.GetProperty("type").GetString() == "gre").Select(i => i.Key));
        }
        finally
        {
            foreach (var r in runners) r.Dispose();
        }
    }

    [RootFact]
    public void A_database_killed_during_a_change_is_reported_as_the_database_not_the_switch()
    {
        var ovs = Path.Combine(_lab.Dir, "h1", "ovs");
        var vswitchd = File.ReadAllText(Path.Combine(ovs, "ovs-vswitchd.pid")).Trim();
        // ovs-vswitchd paused (a daemon of our lab): the change commits to the database, then waits for the switch.
        Sh.Ok("kill", "-STOP", vswitchd);
        try
        {
            var change = Task.Run(() => _ps.Run("New-OvsBridge obrx -Session $h[0] -WarningAction SilentlyContinue"));
            for (var i = 0; i < 1200 && !_lab.Vsctl(1, "list-br").Contains("obrx") && !change.IsCompleted; i++) Thread.Sleep(50);
            Assert.False(change.IsCompleted, "the change ended before the database was killed");
            // Mid-change, the database goes: our lab host's ovsdb-server, by its pid file.
            Sh.Ok("kill", "-9", File.ReadAllText(Path.Combine(ovs, "ovsdb-server.pid")).Trim());
            var result = change.Result;
            Assert.Equal(ErrorIds.OvsDatabaseUnavailable, result.ErrorId());
            Assert.Contains("stopped answering during the change", result.Errors[0].Exception.Message);
            Assert.DoesNotContain("ovs-vswitchd seems not to be running", result.Errors[0].Exception.Message);
        }
        finally
        {
            Sh.Run("kill", "-CONT", vswitchd);
        }
    }

    public void Dispose()
    {
        _ps.Dispose();
        _lab?.Dispose();
    }
}
