using System.Net;
using XHostNet.Linux;
using XHostNet.Persistence;
using XHostNet.Planning;
using XHostNet.Sessions;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Persistence;

/// <summary>
/// Saving and removing a bridge's boot configuration through the real change engine, on real files under a temporary
/// root (the local session runs the same scripts a host would; no root needed): backups of existing files, refusal of
/// foreign ones, one read and one change round trip, a re-run that reads once and changes nothing, and a removal that
/// leaves the directory exactly as it was.
/// </summary>
public sealed class BridgeConfigPlannerTests : IDisposable
{
    private readonly ConfigRoot _root = new();
    private readonly XHostSession _session = new();

    public void Dispose()
    {
        _session.Dispose();
        _root.Dispose();
    }

    private static readonly BridgeConfigSpec Spec = new()
    {
        Bridge = "br0",
        Ports = new[] { "eth0" },
        Addresses = new[] { InterfaceAddress.Parse("192.0.2.10/24") },
        Gateway = IPAddress.Parse("192.0.2.1"),
        Routes = new[] { new BridgeConfigRoute(InterfaceAddress.Parse("10.2.0.0/24"), IPAddress.Parse("192.0.2.254")) },
        Mtu = 1500,
    };

    private const string RhelEth0 = "TYPE=Ethernet\nBOOTPROTO=static\nNAME=eth0\nDEVICE=eth0\nONBOOT=yes\nIPADDR=192.0.2.10\nPREFIX=24\nGATEWAY=192.0.2.1\nHWADDR=52:54:00:12:34:56\n";
    private const string DebianInterfaces = "# The loopback network interface\nauto lo\niface lo inet loopback\n\n# The primary network interface\nallow-hotplug eth0\n" +
                                            "iface eth0 inet static\n    address 192.0.2.10/24\n    gateway 192.0.2.1\n\niface eth0 inet6 auto\n";

    private Task<BridgeConfigState> Read() => BridgeConfigReader.ReadAsync(_session, _root.Path, live: false, CancellationToken.None);

    private async Task<(ChangePlan<LinuxBridgeConfig> Plan, LinuxBridgeConfig? Result, long RoundTrips)> Save(BridgeConfigSpec spec, BridgeConfigFormat? format = null, bool force = false)
    {
        var before = _session.RoundTrips;
        var plan = BridgeConfigPlanner.PlanSave(await Read(), spec, format, force, DateTime.UtcNow);
        var result = await plan.ApplyAsync(CancellationToken.None);
        return (plan, result, _session.RoundTrips - before);
    }

    private async Task<(ChangePlan<LinuxBridgeConfig> Plan, long RoundTrips)> Remove(string bridge)
    {
        var before = _session.RoundTrips;
        var plan = BridgeConfigPlanner.PlanRemove(await Read(), bridge);
        await plan.ApplyAsync(CancellationToken.None);
        return (plan, _session.RoundTrips - before);
    }

    [Fact]
    public async Task Network_scripts_backs_up_the_NIC_file_re_runs_without_change_and_removal_restores_it_exactly()
    {
        _root.Write("/etc/sysconfig/network-scripts/ifcfg-eth0", RhelEth0).Write("/etc/sysconfig/network-scripts/ifcfg-lo", "DEVICE=lo\n");
        var before = _root.Snapshot();

        var (plan, result, trips) = await Save(Spec);
        Assert.Equal(2, trips); // one read, one change (with its read-back)
        Assert.Equal(BridgeConfigFormat.NetworkScripts, result!.Format);
        const string dir = "/etc/sysconfig/network-scripts";
        var backup = Assert.Single(_root.Files(dir, "ifcfg-eth0.xhostnet-*.bak"));
        Assert.Equal(RhelEth0, _root.Read(backup));
        Assert.StartsWith(ConfigMarker.FileHeader("br0", null), _root.Read(dir + "/ifcfg-br0"));
        Assert.Equal(ConfigMarker.FileHeader("br0", Path.GetFileName(backup)) + NetworkScriptsWriter.PortFile(RhelEth0, Spec), _root.Read(dir + "/ifcfg-eth0"));
        Assert.Contains("BRIDGE=br0", _root.Read(dir + "/ifcfg-eth0").Split('\n'));
        Assert.Equal(ConfigMarker.FileHeader("br0", null) + "10.2.0.0/24 via 192.0.2.254 dev br0\n", _root.Read(dir + "/route-br0"));
        Assert.Equal(new[] { _root.Of(dir + "/ifcfg-br0"), _root.Of(dir + "/route-br0"), _root.Of(dir + "/ifcfg-eth0") }, result.Files.Select(f => f.Path));
        Assert.Equal(_root.Of(backup), result.Files.Single(f => f.Role == "Port eth0").Backup);
        Assert.Equal(new[] { _root.Of(backup) }, result.Backups);
        // -WhatIf's details: each file's path and its whole new content.
        Assert.Contains(plan.Details, d => d.StartsWith(_root.Of(dir + "/ifcfg-eth0") + ": replaced, the old one kept as " + _root.Of(backup), StringComparison.Ordinal));
        Assert.Contains("  TYPE=Bridge", plan.Details);

        var saved = _root.Snapshot();
        var (again, _, againTrips) = await Save(Spec);
        Assert.True(again.IsEmpty);
        Assert.Equal(1, againTrips); // a re-run reads once and changes nothing
        Assert.Equal(saved, _root.Snapshot());

        var (removal, removeTrips) = await Remove("br0");
        Assert.Equal(2, removeTrips);
        Assert.Equal(before, _root.Snapshot()); // the NIC's file back byte for byte, its backup gone, nothing of XHostNet's left
        Assert.True((await Remove("br0")).Plan.IsEmpty);
    }

    [Fact]
    public async Task Ifupdown_main_file_gets_a_block_the_NICs_stanzas_commented_out_and_removal_puts_it_back()
    {
        _root.Write("/etc/network/interfaces", DebianInterfaces).Write("/sbin/ifup", "");
        var (plan, result, _) = await Save(Spec);
        Assert.Equal(BridgeConfigFormat.Ifupdown, result!.Format);
        var text = _root.Read("/etc/network/interfaces");
        Assert.StartsWith("# The loopback network interface\nauto lo\niface lo inet loopback\n\n# The primary network interface\nallow-hotplug eth0\n" +
                          "#XHostNet br0# iface eth0 inet static\n#XHostNet br0#     address 192.0.2.10/24\n#XHostNet br0#     gateway 192.0.2.1\n\n" +
                          "#XHostNet br0# iface eth0 inet6 auto\n" + ConfigMarker.BlockBegin("br0") + "\n", text);
        Assert.EndsWith(IfupdownWriter.Stanzas(Spec) + ConfigMarker.BlockEnd("br0") + "\n", text);
        Assert.Equal(DebianInterfaces, _root.Read(Assert.Single(_root.Files("/etc/network", "interfaces.xhostnet-*.bak"))));
        Assert.Contains(plan.Warnings, w => w.Contains("'iface eth0 inet static'") && w.Contains("commented out"));
        Assert.Equal("Block", Assert.Single(result.Files).Role);

        Assert.True((await Save(Spec)).Plan.IsEmpty);
        await Remove("br0");
        Assert.Equal(DebianInterfaces, _root.Read("/etc/network/interfaces"));
    }

    [Fact]
    public async Task Ifupdown_prefers_a_file_in_interfaces_d_when_the_main_file_sources_it()
    {
        const string main = "source /etc/network/interfaces.d/*\n\nauto lo\niface lo inet loopback\n";
        _root.Write("/etc/network/interfaces", main).Write("/usr/sbin/ifup", "").Directories("/etc/network/interfaces.d");
        var before = _root.Snapshot();
        var bridgeOnly = new BridgeConfigSpec { Bridge = "br.7", Ports = new[] { "veth7" }, Addresses = new[] { InterfaceAddress.Parse("10.200.7.1/24") } };
        var (_, result, _) = await Save(bridgeOnly);
        Assert.Equal(main, _root.Read("/etc/network/interfaces")); // nothing of the NIC's there to comment out
        // run-parts (source-directory) reads only names without a dot.
        Assert.Equal(ConfigMarker.FileHeader("br.7", null) + IfupdownWriter.Stanzas(bridgeOnly), _root.Read("/etc/network/interfaces.d/xhostnet-br_7"));
        Assert.Equal(_root.Of("/etc/network/interfaces.d/xhostnet-br_7"), Assert.Single(result!.Files).Path);
        await Remove("br.7");
        Assert.Equal(before, _root.Snapshot());
    }

    [Fact]
    public async Task Networkd_refuses_a_file_it_did_not_write_and_with_force_keeps_it_to_put_back()
    {
        _root.Directories("/etc/systemd/network", "/etc/systemd/system/multi-user.target.wants");
        File.CreateSymbolicLink(_root.Of("/etc/systemd/system/multi-user.target.wants/systemd-networkd.service"), "/lib/systemd/system/systemd-networkd.service");
        const string theirs = "[Match]\nName=eth0\n\n[Network]\nDHCP=yes\n";
        _root.Write("/etc/systemd/network/10-xhostnet-eth0.network", theirs);
        var before = _root.Snapshot();

        var refused = await Assert.ThrowsAsync<XHostException>(() => Save(Spec));
        Assert.Equal(ErrorIds.BridgeConfigFileExists, refused.ErrorId);
        Assert.Contains("-Force", refused.Message);
        Assert.Equal(before, _root.Snapshot()); // nothing written, not even the files before it

        var (_, result, _) = await Save(Spec, force: true);
        Assert.Equal(BridgeConfigFormat.SystemdNetworkd, result!.Format);
        const string dir = "/etc/systemd/network/10-xhostnet-";
        Assert.Equal(ConfigMarker.FileHeader("br0", null) + SystemdNetworkdWriter.NetDev(Spec), _root.Read(dir + "br0.netdev"));
        Assert.Equal(ConfigMarker.FileHeader("br0", null) + SystemdNetworkdWriter.BridgeNetwork(Spec), _root.Read(dir + "br0.network"));
        var backup = Assert.Single(_root.Files("/etc/systemd/network", "10-xhostnet-eth0.network.xhostnet-*.bak"));
        Assert.Equal(theirs, _root.Read(backup));
        Assert.Equal(ConfigMarker.FileHeader("br0", Path.GetFileName(backup)) + SystemdNetworkdWriter.PortNetwork("eth0", Spec), _root.Read(dir + "eth0.network"));

        await Remove("br0");
        Assert.Equal(before, _root.Snapshot());
    }

    [Fact]
    public async Task Saving_again_with_another_format_or_fewer_ports_removes_what_is_no_longer_needed()
    {
        _root.Directories("/etc/systemd/network", "/etc/sysconfig/network-scripts");
        var before = _root.Snapshot();
        var twoPorts = new BridgeConfigSpec { Bridge = "br0", Ports = new[] { "eth0", "eth1" } };
        await Save(twoPorts, BridgeConfigFormat.SystemdNetworkd);
        Assert.True(_root.Exists("/etc/systemd/network/10-xhostnet-eth1.network"));

        var (_, fewer, _) = await Save(new BridgeConfigSpec { Bridge = "br0", Ports = new[] { "eth0" } }, BridgeConfigFormat.SystemdNetworkd);
        Assert.False(_root.Exists("/etc/systemd/network/10-xhostnet-eth1.network"));
        Assert.Equal(3, fewer!.Files.Length);

        var (_, switched, _) = await Save(new BridgeConfigSpec { Bridge = "br0", Ports = new[] { "eth0" } }, BridgeConfigFormat.NetworkScripts);
        Assert.Empty(_root.Files("/etc/systemd/network", "*"));
        Assert.Equal(BridgeConfigFormat.NetworkScripts, switched!.Format);
        Assert.Equal(BridgeConfigFormat.NetworkScripts, BridgeConfigPlanner.Current(await Read(), "br0").Format);

        await Remove("br0");
        Assert.Equal(before, _root.Snapshot());
    }

    [Fact]
    public async Task A_file_changed_after_the_read_fails_the_save_and_undoes_the_files_already_written()
    {
        _root.Write("/etc/sysconfig/network-scripts/ifcfg-eth0", RhelEth0);
        var plan = BridgeConfigPlanner.PlanSave(await Read(), Spec, null, force: false, DateTime.UtcNow);
        _root.Write("/etc/sysconfig/network-scripts/ifcfg-eth0", RhelEth0 + "MTU=9000\n"); // another writer, after the read
        var before = _root.Snapshot();
        var failed = await Assert.ThrowsAsync<XHostException>(() => plan.ApplyAsync(CancellationToken.None));
        Assert.Equal(ErrorIds.BridgeConfigChanged, failed.ErrorId);
        Assert.True(failed.Message.Contains("undone"), failed.Message);
        Assert.Equal(before, _root.Snapshot()); // ifcfg-br0 and route-br0, written before the port's file, are gone again
    }

    [Fact]
    public async Task A_file_of_another_bridge_is_never_taken_over()
    {
        _root.Directories("/etc/sysconfig/network-scripts");
        await Save(new BridgeConfigSpec { Bridge = "br1", Ports = new[] { "eth0" } });
        var e = await Assert.ThrowsAsync<XHostException>(() => Save(Spec, force: true));
        Assert.Equal(ErrorIds.BridgeConfigFileExists, e.ErrorId);
        Assert.Contains("Remove-LinuxBridgeConfig -Bridge br1", e.Message);
    }

    [Fact]
    public async Task A_NIC_configured_by_a_NetworkManager_named_ifcfg_file_gets_that_file_edited_not_a_second_one()
    {
        const string nm = "TYPE=Ethernet\nBOOTPROTO=dhcp\nNAME=\"Wired connection 1\"\nUUID=0f0c6a4e-1\nDEVICE=eth0\nONBOOT=yes\n";
        _root.Write("/etc/sysconfig/network-scripts/ifcfg-Wired_connection_1", nm);
        var before = _root.Snapshot();
        var (_, result, _) = await Save(Spec);
        Assert.False(_root.Exists("/etc/sysconfig/network-scripts/ifcfg-eth0"));
        Assert.Contains("BRIDGE=br0", _root.Read("/etc/sysconfig/network-scripts/ifcfg-Wired_connection_1").Split('\n'));
        Assert.Equal(_root.Of("/etc/sysconfig/network-scripts/ifcfg-Wired_connection_1"), result!.Files.Single(f => f.Role == "Port eth0").Path);
        Assert.Equal("Port eth0", BridgeConfigPlanner.Current(await Read(), "br0").Files.Single(f => f.Path.EndsWith("Wired_connection_1", StringComparison.Ordinal)).Role);
        await Remove("br0");
        Assert.Equal(before, _root.Snapshot());
    }

    [Fact]
    public async Task Configuration_that_would_win_over_XHostNets_is_named_in_a_warning()
    {
        _root.Write("/etc/systemd/network/05-wired.network", "[Match]\nName=eth*\n\n[Network]\nDHCP=yes\n")
             .Write("/etc/systemd/network/50-later.network", "[Match]\nName=eth0\n\n[Network]\nDHCP=yes\n");
        var (plan, _, _) = await Save(Spec, BridgeConfigFormat.SystemdNetworkd);
        var warning = Assert.Single(plan.Warnings);
        Assert.Contains("05-wired.network matches eth0", warning);

        _root.Write("/etc/network/interfaces", "source /etc/network/interfaces.d/*\n").Write("/etc/network/interfaces.d/eth0", "auto eth0\niface eth0 inet dhcp\n");
        var (ifupdown, _, _) = await Save(Spec, BridgeConfigFormat.Ifupdown);
        Assert.Contains(ifupdown.Warnings, w => w.Contains("interfaces.d/eth0 also has 'iface eth0 inet dhcp'"));
    }
}
