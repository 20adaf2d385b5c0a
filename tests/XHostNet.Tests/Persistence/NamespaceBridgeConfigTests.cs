using XHostNet.Linux;
using XHostNet.Persistence;
using XHostNet.Sessions;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Persistence;

/// <summary>
/// A bridge made with ip on a namespace host (the thing that vanishes at reboot) persisted as it is: its port, address,
/// gateway, route and MTU read from the kernel, written under a temporary root in each format and read back from disk.
/// </summary>
public sealed class NamespaceBridgeConfigTests : IDisposable
{
    private readonly TempNamespace _ns = null!;
    private readonly XHostSession _session = null!;
    private readonly ConfigRoot _root = new();

    public NamespaceBridgeConfigTests()
    {
        if (!Root.IsRoot) return;
        _ns = new TempNamespace("xhp");
        _session = XHostSession.ForNetworkNamespace(_ns.Name);
        foreach (var argv in new[]
        {
            "ip link add br0 type bridge", "ip link set br0 mtu 1400", "ip link add vp0 mtu 1400 type veth peer name vp1",
            "ip link set vp0 master br0", "ip link set vp0 up", "ip link set br0 up",
            "ip address add 10.200.50.2/24 dev br0", "ip route add default via 10.200.50.1", "ip route add 10.200.60.0/24 via 10.200.50.254",
            // A NIC whose address is to move onto a new bridge (SharedLan).
            "ip link add eth9 type veth peer name eth9p", "ip link set eth9 up", "ip address add 10.200.52.2/24 dev eth9",
            "ip route add 10.200.70.0/24 via 10.200.52.254",
        })
        {
            _ns.Exec(argv.Split(' '));
        }
    }

    public void Dispose()
    {
        _session?.Dispose();
        _ns?.Dispose();
        _root.Dispose();
    }

    [RootTheory]
    [InlineData(BridgeConfigFormat.NetworkScripts)]
    [InlineData(BridgeConfigFormat.Ifupdown)]
    [InlineData(BridgeConfigFormat.SystemdNetworkd)]
    public async Task The_live_bridge_is_written_read_back_kept_on_a_re_run_and_removed_exactly(BridgeConfigFormat format)
    {
        var before = _root.Snapshot();
        var start = _session.RoundTrips;
        var state = await BridgeConfigReader.ReadAsync(_session, _root.Path, live: true, CancellationToken.None);
        var warnings = new List<string>();
        var spec = BridgeConfigReader.LiveSpec(state, "br0", warnings);
        Assert.Equal(new[] { "vp0" }, spec.Ports);
        Assert.Equal(new[] { InterfaceAddress.Parse("10.200.50.2/24") }, spec.Addresses);
        Assert.Equal("10.200.50.1", spec.Gateway?.ToString());
        Assert.Equal("10.200.60.0/24 via 10.200.50.254", Assert.Single(spec.Routes).ToString());
        Assert.Equal(1400, spec.Mtu);
        Assert.Contains(warnings, w => w.Contains("vp0") && w.Contains("veth"));

        var result = await BridgeConfigPlanner.PlanSave(state, spec, format, force: false, DateTime.UtcNow).ApplyAsync(CancellationToken.None);
        Assert.Equal(2, _session.RoundTrips - start);
        Assert.Equal(format, result!.Format);
        // Read back from disk, independently of the code under test: each file holds exactly what the format's writer makes.
        var expected = format switch
        {
            BridgeConfigFormat.NetworkScripts => new Dictionary<string, string>
            {
                ["/etc/sysconfig/network-scripts/ifcfg-br0"] = ConfigMarker.FileHeader("br0", null) + NetworkScriptsWriter.BridgeFile(spec),
                ["/etc/sysconfig/network-scripts/route-br0"] = ConfigMarker.FileHeader("br0", null) + "10.200.60.0/24 via 10.200.50.254 dev br0\n",
                ["/etc/sysconfig/network-scripts/ifcfg-vp0"] = ConfigMarker.FileHeader("br0", null) + "DEVICE=vp0\nONBOOT=yes\nBOOTPROTO=none\nBRIDGE=br0\nMTU=1400\n",
            },
            BridgeConfigFormat.Ifupdown => new Dictionary<string, string>
            {
                ["/etc/network/interfaces"] = ConfigMarker.BlockBegin("br0") + "\n" + IfupdownWriter.Stanzas(spec) + ConfigMarker.BlockEnd("br0") + "\n",
            },
            _ => new Dictionary<string, string>
            {
                ["/etc/systemd/network/10-xhostnet-br0.netdev"] = ConfigMarker.FileHeader("br0", null) + "[NetDev]\nName=br0\nKind=bridge\nMTUBytes=1400\n\n[Bridge]\nSTP=no\nForwardDelaySec=0\n",
                ["/etc/systemd/network/10-xhostnet-br0.network"] = ConfigMarker.FileHeader("br0", null) + SystemdNetworkdWriter.BridgeNetwork(spec),
                ["/etc/systemd/network/10-xhostnet-vp0.network"] = ConfigMarker.FileHeader("br0", null) + "[Match]\nName=vp0\n\n[Network]\nBridge=br0\n\n[Link]\nMTUBytes=1400\n",
            },
        };
        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal), _root.Snapshot());
        Assert.Equal(expected.Keys.Select(_root.Of).Order(StringComparer.Ordinal), result.Files.Select(f => f.Path).Order(StringComparer.Ordinal));

        var again = _session.RoundTrips;
        var rerun = BridgeConfigPlanner.PlanSave(await BridgeConfigReader.ReadAsync(_session, _root.Path, live: true, CancellationToken.None), spec, format, false, DateTime.UtcNow);
        Assert.True(rerun.IsEmpty);
        Assert.Equal(1, _session.RoundTrips - again);

        await BridgeConfigPlanner.PlanRemove(await BridgeConfigReader.ReadAsync(_session, _root.Path, live: false, CancellationToken.None), "br0").ApplyAsync(CancellationToken.None);
        var left = _root.Snapshot();
        // The interfaces file XHostNet created holds nothing but what was there before it: nothing.
        if (format == BridgeConfigFormat.Ifupdown) Assert.Equal("", left.Remove("/etc/network/interfaces", out var rest) ? rest : null);
        Assert.Equal(before, left);
    }

    [RootFact]
    public async Task A_NICs_address_gateway_and_routes_are_persisted_on_the_bridge_it_moves_to_and_leave_its_ifcfg()
    {
        _root.Write("/etc/sysconfig/network-scripts/ifcfg-eth9", "DEVICE=eth9\nHWADDR=52:54:00:00:00:09\nBOOTPROTO=static\nIPADDR=10.200.52.2\nPREFIX=24\nONBOOT=yes\n");
        var state = await BridgeConfigReader.ReadAsync(_session, _root.Path, live: true, CancellationToken.None);
        var spec = BridgeConfigReader.MovedSpec(state, "br1", "eth9", new[] { "vp1" }, mtu: null, new List<string>());
        Assert.Equal(new[] { "eth9", "vp1" }, spec.Ports);
        Assert.Equal(new[] { InterfaceAddress.Parse("10.200.52.2/24") }, spec.Addresses);
        Assert.Equal("10.200.70.0/24 via 10.200.52.254", Assert.Single(spec.Routes).ToString());
        Assert.Null(spec.Gateway); // the default route goes through br0, not this NIC

        await BridgeConfigPlanner.PlanSave(state, spec, null, force: false, DateTime.UtcNow).ApplyAsync(CancellationToken.None);
        var bridgeFile = _root.Read("/etc/sysconfig/network-scripts/ifcfg-br1").Split('\n');
        Assert.Contains("IPADDR=10.200.52.2", bridgeFile);
        Assert.Contains("PREFIX=24", bridgeFile);
        var port = _root.Read("/etc/sysconfig/network-scripts/ifcfg-eth9").Split('\n');
        Assert.DoesNotContain(port, l => l.StartsWith("IPADDR") || l.StartsWith("PREFIX"));
        Assert.Contains("HWADDR=52:54:00:00:00:09", port);
        Assert.Contains("BRIDGE=br1", port);
        Assert.Contains("BRIDGE=br1", _root.Read("/etc/sysconfig/network-scripts/ifcfg-vp1").Split('\n'));
    }
}
