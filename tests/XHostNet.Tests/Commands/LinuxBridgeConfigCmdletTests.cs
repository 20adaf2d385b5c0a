using System.Management.Automation;
using XHostNet.Persistence;
using XHostNet.Sessions;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Commands;

/// <summary>Save-LinuxBridgeConfig and Remove-LinuxBridgeConfig in the hosted engine, on a namespace host's bridge, writing under a temporary root.</summary>
public sealed class LinuxBridgeConfigCmdletTests : IDisposable
{
    private readonly TempNamespace _ns = null!;
    private readonly PowerShellRunner _ps = new();
    private readonly ConfigRoot _root = new();

    public LinuxBridgeConfigCmdletTests()
    {
        if (!Root.IsRoot) return;
        _ns = new TempNamespace("xhp");
        _ns.Exec("ip", "link", "add", "br0", "type", "bridge");
        _ns.Exec("ip", "address", "add", "10.200.51.1/24", "dev", "br0");
        _ps.Run($"$h = New-XHostSession -NetworkNamespace {_ns.Name}");
        _ps.Set("root", _root.Path);
    }

    public void Dispose()
    {
        _ps.Dispose();
        _ns?.Dispose();
        _root.Dispose();
    }

    [RootFact]
    public void WhatIf_shows_the_files_content_and_writes_nothing_then_save_and_remove_round_trip_on_one_read_each()
    {
        _root.Write("/etc/network/interfaces", "auto lo\niface lo inet loopback\n").Write("/sbin/ifup", "");
        var before = _root.Snapshot();
        var whatIf = _ps.Run("Get-LinuxBridge br0 -Session $h | Save-LinuxBridgeConfig -Root $root -WhatIf");
        Assert.Empty(whatIf.Errors);
        Assert.Contains("What if:", whatIf.HostText);
        Assert.Contains("address 10.200.51.1", whatIf.HostText);
        Assert.Contains("bridge_ports none", whatIf.HostText);
        Assert.Equal(before, _root.Snapshot());

        var saved = _ps.Run("Save-LinuxBridgeConfig br0 -Session $h -Root $root -PassThru -Confirm:$false").Single<LinuxBridgeConfig>();
        Assert.Equal((BridgeConfigFormat.Ifupdown, "br0", $"netns:{_ns.Name}"), (saved.Format!.Value, saved.Bridge, saved.Host));
        Assert.Contains("iface br0 inet static\n    bridge_ports none\n", _root.Read("/etc/network/interfaces"));

        var rerun = _ps.Run("$n = $h.RoundTrips; Save-LinuxBridgeConfig br0 -Session $h -Root $root -Confirm:$false -Verbose; $h.RoundTrips - $n");
        Assert.Contains(rerun.Verbose, v => v.Contains("nothing to change"));
        Assert.Equal(1L, Assert.Single(rerun.Output).BaseObject);

        var removed = _ps.Run("Remove-LinuxBridgeConfig br0 -Session $h -Root $root -Confirm:$false");
        Assert.Empty(removed.Errors);
        Assert.Empty(removed.Output);
        Assert.Equal(before["/etc/network/interfaces"], _root.Read("/etc/network/interfaces"));
    }

    [RootFact]
    public void A_netplan_host_or_a_missing_bridge_is_a_per_host_error_naming_the_session()
    {
        _root.Write("/etc/netplan/01-netcfg.yaml", "network: {version: 2}\n");
        var netplan = _ps.Run("Save-LinuxBridgeConfig br0 -Session $h -Root $root -Confirm:$false");
        Assert.Equal(ErrorIds.BridgeConfigNetplanUnsupported, netplan.ErrorId());
        Assert.Equal(ErrorCategory.InvalidArgument, netplan.Errors[0].CategoryInfo.Category);
        Assert.IsType<XHostSession>(netplan.Errors[0].TargetObject);

        var missing = _ps.Run("Save-LinuxBridgeConfig nosuch -Session $h -Root $root -Format SystemdNetworkd -Confirm:$false");
        Assert.Equal(ErrorIds.LinuxBridgeNotFound, missing.ErrorId());
        Assert.Equal(new[] { "/etc/netplan/01-netcfg.yaml" }, _root.Snapshot().Keys);
    }

    [RootFact]
    public void A_foreign_file_is_refused_until_Force_and_its_backup_comes_back_on_removal()
    {
        _root.Write("/etc/systemd/network/10-xhostnet-br0.network", "[Match]\nName=br0\n");
        var before = _root.Snapshot();
        var refused = _ps.Run("Save-LinuxBridgeConfig br0 -Session $h -Root $root -Format SystemdNetworkd -Confirm:$false");
        Assert.Equal(ErrorIds.BridgeConfigFileExists, refused.ErrorId());
        Assert.Equal(ErrorCategory.ResourceExists, refused.Errors[0].CategoryInfo.Category);
        Assert.Equal(before, _root.Snapshot());

        var forced = _ps.Run("Save-LinuxBridgeConfig br0 -Session $h -Root $root -Format SystemdNetworkd -Force -PassThru -Confirm:$false").Single<LinuxBridgeConfig>();
        Assert.Single(forced.Backups);
        _ps.Run("Remove-LinuxBridgeConfig br0 -Session $h -Root $root -Confirm:$false");
        Assert.Equal(before, _root.Snapshot());
    }
}
