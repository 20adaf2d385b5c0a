using XHostNet.Persistence;
using XHostNet.Sessions;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Persistence;

/// <summary>Which format a host uses, detected in one read from what is under its root (fake roots here, one per distribution style).</summary>
public sealed class BridgeConfigDetectorTests : IDisposable
{
    private readonly ConfigRoot _root = new();
    private readonly XHostSession _session = new();

    public void Dispose()
    {
        _session.Dispose();
        _root.Dispose();
    }

    private async Task<BridgeConfigFormat> Detect()
    {
        var before = _session.RoundTrips;
        var state = await BridgeConfigReader.ReadAsync(_session, _root.Path, live: false, CancellationToken.None);
        Assert.Equal(1, _session.RoundTrips - before);
        return BridgeConfigDetector.Detect(state);
    }

    private void EnableNetworkd()
    {
        _root.Directories("/etc/systemd/network", "/etc/systemd/system/multi-user.target.wants");
        File.CreateSymbolicLink(_root.Of("/etc/systemd/system/multi-user.target.wants/systemd-networkd.service"), "/lib/systemd/system/systemd-networkd.service");
    }

    [Fact]
    public async Task A_RHEL_root_is_network_scripts()
    {
        _root.Write("/etc/sysconfig/network-scripts/ifcfg-eth0", "DEVICE=eth0\n");
        Assert.Equal(BridgeConfigFormat.NetworkScripts, await Detect());
    }

    [Fact]
    public async Task A_Debian_root_with_ifup_is_ifupdown_and_without_it_is_not()
    {
        _root.Write("/etc/network/interfaces", "auto lo\niface lo inet loopback\n");
        Assert.Equal(ErrorIds.BridgeConfigFormatUnknown, (await Assert.ThrowsAsync<XHostException>(Detect)).ErrorId);
        _root.Write("/sbin/ifup", "");
        Assert.Equal(BridgeConfigFormat.Ifupdown, await Detect());
    }

    [Fact]
    public async Task A_root_with_networkd_enabled_is_networkd_and_its_directory_alone_is_not()
    {
        _root.Directories("/etc/systemd/network");
        Assert.Equal(ErrorIds.BridgeConfigFormatUnknown, (await Assert.ThrowsAsync<XHostException>(Detect)).ErrorId);
        EnableNetworkd();
        Assert.Equal(BridgeConfigFormat.SystemdNetworkd, await Detect());
    }

    [Fact]
    public async Task Netplan_is_refused_clearly_rather_than_guessed()
    {
        EnableNetworkd();
        _root.Write("/etc/netplan/50-cloud-init.yaml", "network: {version: 2}\n");
        var e = await Assert.ThrowsAsync<XHostException>(Detect);
        Assert.Equal(ErrorIds.BridgeConfigNetplanUnsupported, e.ErrorId);
        Assert.Contains("netplan", e.Message);
    }

    [Fact]
    public async Task Two_formats_in_use_are_named_and_refused()
    {
        EnableNetworkd();
        _root.Write("/etc/network/interfaces", "").Write("/usr/sbin/ifup", "");
        var e = await Assert.ThrowsAsync<XHostException>(Detect);
        Assert.Equal(ErrorIds.BridgeConfigFormatUnknown, e.ErrorId);
        Assert.Contains("Ifupdown, SystemdNetworkd", e.Message);
    }
}
