using System.Security.Cryptography;
using XHostNet.Network;
using XHostNet.Persistence;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Network;

/// <summary>
/// Connect-XHostNetwork -Persist on a 3-host SSH lab, one configuration root (a temp directory) per host, in each
/// format: the files checked line by line against what the distributions' documentation shows (as the writers' own
/// tests pin it), a re-run that changes nothing in one round trip, Get-XHostNetwork listing the files and their drift,
/// Disconnect-XHostNetwork leaving every root byte for byte as it was (backups put back), and a file in the way
/// refused before anything changes on its host.
/// </summary>
public sealed class XHostNetworkPersistLabTests : IDisposable
{
    private readonly PowerShellRunner _ps = new();
    private readonly string _name = "xp" + Guid.NewGuid().ToString("N")[..6];
    private readonly string _roots;

    public XHostNetworkPersistLabTests() => _roots = Path.Combine(Path.GetTempPath(), _name + "-roots");

    private string Records => $"/run/xhostnet/labs/{_name}/net/{{host}}";
    private string Host(int n) => $"{_name}-h{n}";
    private string RootPattern => _roots + "/{host}";

    /// <summary>Each host's root, by the session's host label ({host} in -PersistRoot), hosts 1 to 3.</summary>
    private List<string> _labels = new();
    private string Root(int n) => RootOf(_labels[n - 1]);

    /// <summary>{host} filled in as the module does: the label with anything but letters, digits, '_', '.', '-' as '_'.</summary>
    private string RootOf(string label) => Path.Combine(_roots, System.Text.RegularExpressions.Regex.Replace(label, "[^A-Za-z0-9_.-]", "_"));

    private void Lab()
    {
        var made = _ps.Run($"$h = New-XHostLab 3 -Name {_name} -Ssh; $h | ForEach-Object Host");
        Assert.Empty(made.Errors);
        _labels = made.Output.Select(o => o.BaseObject.ToString()!).ToList();
        Assert.Equal(3, _labels.Count);
    }

    private PsResult Connect(string mode, string extra) =>
        _ps.Run($"Connect-XHostNetwork -Session $h -Mode {mode} -ContainerNetwork 10.202.0.0/16 -Name lab -RecordDirectory '{Records}' " +
                $"-Persist -PersistRoot '{RootPattern}' -SkipReachabilityTest -Verbose {extra}");

    private PsResult Disconnect() => _ps.Run($"Disconnect-XHostNetwork lab -Session $h -RecordDirectory '{Records}' -Confirm:$false");

    private static List<XHostNetworkResult> Results(PsResult r) => r.Output.Select(o => o.BaseObject).OfType<XHostNetworkResult>().ToList();

    /// <summary>Every file under the roots (and every directory) with the hash of its bytes: "byte-identical" made checkable.</summary>
    private SortedDictionary<string, string> Snapshot()
    {
        var all = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var dir in Directory.GetDirectories(_roots, "*", SearchOption.AllDirectories)) all[dir + "/"] = "dir";
        foreach (var file in Directory.GetFiles(_roots, "*", SearchOption.AllDirectories))
            all[file] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));
        return all;
    }

    private static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private static string[] Lines(string path) => File.ReadAllText(path).TrimEnd('\n').Split('\n');

    private static readonly string Header = ConfigMarker.FileHeader("br0", null).TrimEnd('\n');

    /// <summary>
    /// A network converged: one result per host, each changed in 2 round trips (the files in the same change round trip
    /// as the network); SharedLan's watchdog move adds its start and the confirmation over a new connection (5 or more).
    /// </summary>
    private static void AssertChanged(PsResult connect, bool nicMove = false)
    {
        Assert.Empty(connect.Errors);
        Assert.All(Results(connect), r => Assert.Equal((true, (string?)null), (r.Changed, r.Error)));
        Assert.All(Results(connect), r => Assert.True(nicMove ? r.RoundTrips >= 5 : r.RoundTrips == 2, $"{r.Host}: {r.RoundTrips} round trips"));
        Assert.Equal(3, Results(connect).Count);
    }

    private void AssertRerunChangesNothing(string mode, string extra)
    {
        var again = Connect(mode, extra);
        Assert.Empty(again.Errors);
        Assert.All(Results(again), r => Assert.Equal((false, 1L), (r.Changed, r.RoundTrips)));
    }

    /// <summary>The routes of host n to the two others' subnets through br0, in the planner's order (peers by host label).</summary>
    private List<(string Subnet, string Gateway)> PeerRoutes(int n, List<XHostNetworkResult> results) =>
        results.Where(r => r.Host != _labels[n - 1]).OrderBy(r => r.Host, StringComparer.Ordinal)
            .Select(r => (r.Subnet!, r.BridgeAddress!.Split('/')[0])).ToList();

    private XHostNetworkResult Of(int n, List<XHostNetworkResult> results) => results.Single(r => r.Host == _labels[n - 1]);

    [RootFact]
    public void Persist_writes_each_format_with_the_change_refuses_a_foreign_file_before_any_change_and_disconnect_restores_every_root_byte_for_byte()
    {
        Lab();
        // Each root as a Debian host's would be: interfaces sourcing interfaces.d, and the configuration directories.
        foreach (var n in new[] { 1, 2, 3 })
        {
            Write(Path.Combine(Root(n), "etc/network/interfaces"), "auto lo\niface lo inet loopback\n\nsource /etc/network/interfaces.d/*\n");
            Directory.CreateDirectory(Path.Combine(Root(n), "etc/network/interfaces.d"));
            Directory.CreateDirectory(Path.Combine(Root(n), "etc/sysconfig/network-scripts"));
            Directory.CreateDirectory(Path.Combine(Root(n), "etc/systemd/network"));
        }
        var before = Snapshot();

        // Bad input fails before anything is read: the settings of -Persist without it, at the cmdlet and in a topology file.
        Assert.Equal(ErrorIds.NetworkPersistInvalid, _ps.ErrorIdOf(
            $"Connect-XHostNetwork -Session $h -Mode Vxlan -ContainerNetwork 10.202.0.0/16 -Name lab -RecordDirectory '{Records}' -PersistRoot '{RootPattern}'"));
        var half = Path.Combine(Path.GetTempPath(), _name + "-half.psd1");
        File.WriteAllText(half, $"@{{ Mode = 'Vxlan'; ContainerNetwork = '10.202.0.0/16'; PersistRoot = '/tmp'; Hosts = @(@{{ Session = '{Host(1)}' }}) }}");
        try
        {
            Assert.Equal(ErrorIds.NetworkTopologyInvalid, _ps.ErrorIdOf($"Connect-XHostNetwork -Path {half}"));
        }
        finally
        {
            File.Delete(half);
        }

        // -WhatIf: each file's content per host, and nothing written anywhere.
        var whatIf = Connect("Vxlan", "-PersistFormat Ifupdown -WhatIf");
        Assert.Empty(whatIf.Errors);
        Assert.Empty(Results(whatIf));
        Assert.All(_labels, l => Assert.Contains($"{RootOf(l)}/etc/network/interfaces.d/xhostnet-br0: new file (sent on standard input):", whatIf.HostText));
        Assert.Contains("  iface br0 inet static", whatIf.HostText);
        Assert.Contains("  up ip route add ", whatIf.HostText);
        Assert.Equal(before, Snapshot());
        Assert.Null(Sh.Link(Host(1), "br0"));

        // 1. Ifupdown, Vxlan. Host 2 has a file of its own where br0's would go: refused at plan time, nothing changes on
        // host 2 (no br0, no record, its root as it was); the other two hosts go on.
        var foreign = Path.Combine(Root(2), "etc/network/interfaces.d/xhostnet-br0");
        Write(foreign, "auto br0\niface br0 inet dhcp\n");
        var withForeign = Snapshot();
        var refused = Connect("Vxlan", "-PersistFormat Ifupdown");
        Assert.Equal(ErrorIds.BridgeConfigFileExists, refused.ErrorId());
        Assert.Null(Sh.Link(Host(2), "br0"));
        Assert.Equal((false, 1L), (Of(2, Results(refused)).Changed, Of(2, Results(refused)).RoundTrips));
        Assert.Contains(foreign, Of(2, Results(refused)).Error);
        Assert.All(new[] { 1, 3 }, n => Assert.True(Of(n, Results(refused)).Changed));
        Assert.False(File.Exists($"/run/xhostnet/labs/{_name}/net/{Path.GetFileName(Root(2))}/lab.json"));
        Assert.Equal(withForeign.Where(f => f.Key.StartsWith(Root(2), StringComparison.Ordinal)), Snapshot().Where(f => f.Key.StartsWith(Root(2), StringComparison.Ordinal)));
        File.Delete(foreign);

        // With the file moved away, host 2 joins: its network and its files in 2 round trips, the others already as asked.
        var joined = Connect("Vxlan", "-PersistFormat Ifupdown");
        Assert.Empty(joined.Errors);
        Assert.Equal((true, 2L), (Of(2, Results(joined)).Changed, Of(2, Results(joined)).RoundTrips));
        Assert.All(new[] { 1, 3 }, n => Assert.Equal((false, 1L), (Of(n, Results(joined)).Changed, Of(n, Results(joined)).RoundTrips)));
        foreach (var n in new[] { 1, 2, 3 })
        {
            var self = Of(n, Results(joined));
            Assert.Equal(new[]
                {
                    Header, "auto br0", "iface br0 inet static", "    bridge_ports none", "    bridge_stp off", "    bridge_fd 0",
                    $"    address {self.BridgeAddress!.Split('/')[0]}", "    netmask 255.255.255.0", "    mtu 1450",
                }.Concat(PeerRoutes(n, Results(joined)).Select(r => $"    up ip route add {r.Subnet} via {r.Gateway} dev br0 onlink")),
                Lines(Path.Combine(Root(n), "etc/network/interfaces.d/xhostnet-br0")));
            // The main file sources the directory: it is left as it was.
            Assert.Equal(before[Path.Combine(Root(n), "etc/network/interfaces")], Snapshot()[Path.Combine(Root(n), "etc/network/interfaces")]);
        }
        AssertRerunChangesNothing("Vxlan", "-PersistFormat Ifupdown");

        // Get lists the files; a file changed by hand is drift, named.
        var got = _ps.Run($"Get-XHostNetwork lab -Session $h -RecordDirectory '{Records}'");
        Assert.Empty(got.Errors);
        var networks = got.Output.Select(o => o.BaseObject).OfType<XHostNetwork>().ToList();
        Assert.Equal(3, networks.Count);
        Assert.All(networks, w => Assert.True(w.InSync, string.Join("; ", w.Drift)));
        Assert.All(networks, w => Assert.Equal(new[] { Path.Combine(RootOf(w.Host), "etc/network/interfaces.d/xhostnet-br0") }, w.PersistedFiles));
        var file3 = Path.Combine(Root(3), "etc/network/interfaces.d/xhostnet-br0");
        var kept = File.ReadAllText(file3);
        File.AppendAllText(file3, "    up echo hand-made\n");
        var drifted = _ps.Run($"Get-XHostNetwork lab -Session $h -RecordDirectory '{Records}'").Output.Select(o => o.BaseObject).OfType<XHostNetwork>()
            .Single(w => w.Host == _labels[2]);
        Assert.Equal(new[] { $"boot configuration file {file3} changed since it was written" }, drifted.Drift);
        File.WriteAllText(file3, kept);

        // Disconnect: the read, the configuration's read under the root the record names, the change: 3 round trips a host.
        var tripsBefore = RoundTrips();
        Assert.Empty(Disconnect().Errors);
        Assert.Equal(tripsBefore.Select(t => t + 3), RoundTrips());
        Assert.Equal(before, Snapshot());
        Assert.All(new[] { 1, 2, 3 }, n => Assert.Null(Sh.Link(Host(n), "br0")));

        // 2. NetworkScripts, Vxlan, from a topology file, with Force: host 1's own ifcfg-br0 is replaced, kept as a
        // backup beside it (a .bak name network-scripts skips), and put back by Disconnect.
        var own = Path.Combine(Root(1), "etc/sysconfig/network-scripts/ifcfg-br0");
        Write(own, "DEVICE=br0\nTYPE=Bridge\nBOOTPROTO=dhcp\nONBOOT=yes\n");
        var withOwn = Snapshot();
        var topology = Path.Combine(Path.GetTempPath(), _name + ".psd1");
        File.WriteAllText(topology, $$"""
            @{
                Name = 'lab'; Mode = 'Vxlan'; ContainerNetwork = '10.202.0.0/16'; RecordDirectory = '{{Records}}'
                Persist = $true; PersistFormat = 'NetworkScripts'; PersistRoot = '{{RootPattern}}'; Force = $true
                Hosts = @( @{ Session = '{{Host(1)}}' }, @{ Session = '{{Host(2)}}' }, @{ Session = '{{Host(3)}}' } )
            }
            """);
        try
        {
            var scripts = _ps.Run($"Connect-XHostNetwork -Path {topology} -SkipReachabilityTest");
            AssertChanged(scripts);
            foreach (var n in new[] { 1, 2, 3 })
            {
                var dir = Path.Combine(Root(n), "etc/sysconfig/network-scripts");
                var backups = Directory.GetFiles(dir, "ifcfg-br0.*.bak");
                Assert.Equal(n == 1 ? 1 : 0, backups.Length);
                var header = n == 1 ? ConfigMarker.FileHeader("br0", Path.GetFileName(backups[0])).TrimEnd('\n').Split('\n') : new[] { Header };
                Assert.Equal(header.Concat(new[]
                {
                    "DEVICE=br0", "TYPE=Bridge", "BOOTPROTO=none", "ONBOOT=yes", $"IPADDR={Of(n, Results(scripts)).BridgeAddress!.Split('/')[0]}", "PREFIX=24",
                    "MTU=1450", "DELAY=0", "STP=off",
                }), Lines(Path.Combine(dir, "ifcfg-br0")));
                Assert.Equal(new[] { Header }.Concat(PeerRoutes(n, Results(scripts)).Select(r => $"{r.Subnet} via {r.Gateway} dev br0 onlink")),
                    Lines(Path.Combine(dir, "route-br0")));
                if (n == 1) Assert.Equal("DEVICE=br0\nTYPE=Bridge\nBOOTPROTO=dhcp\nONBOOT=yes\n", File.ReadAllText(backups[0]));
            }
            var again = _ps.Run($"Connect-XHostNetwork -Path {topology} -SkipReachabilityTest");
            Assert.Empty(again.Errors);
            Assert.All(Results(again), r => Assert.Equal((false, 1L), (r.Changed, r.RoundTrips)));
        }
        finally
        {
            File.Delete(topology);
        }
        Assert.Empty(Disconnect().Errors);
        Assert.Equal(withOwn, Snapshot());
        File.Delete(own);

        // 3. SystemdNetworkd, SharedLan: the NIC is br0's port and its address and gateway route are br0's.
        Sh.Ok("ip", "-n", Host(1), "route", "add", "10.207.0.0/16", "via", "10.201.0.3", "dev", "eth1");
        var shared = _ps.Run($"Connect-XHostNetwork -Session $h -Mode SharedLan -ContainerNetwork 10.201.0.128/25 -SubnetPrefixLength 27 -Name lab " +
                             $"-RecordDirectory '{Records}' -Persist -PersistFormat SystemdNetworkd -PersistRoot '{RootPattern}' -SkipReachabilityTest");
        AssertChanged(shared, nicMove: true);
        foreach (var n in new[] { 1, 2, 3 })
        {
            var dir = Path.Combine(Root(n), "etc/systemd/network");
            Assert.Equal(new[] { Header, "[NetDev]", "Name=br0", "Kind=bridge", "MTUBytes=1500", "", "[Bridge]", "STP=no", "ForwardDelaySec=0" },
                Lines(Path.Combine(dir, "10-xhostnet-br0.netdev")));
            Assert.Equal(new[] { Header, "[Match]", "Name=br0", "", "[Network]", $"Address=10.201.0.{n}/24", "ConfigureWithoutCarrier=yes" }
                    .Concat(n == 1 ? new[] { "", "[Route]", "Destination=10.207.0.0/16", "Gateway=10.201.0.3" } : Array.Empty<string>()),
                Lines(Path.Combine(dir, "10-xhostnet-br0.network")));
            Assert.Equal(new[] { Header, "[Match]", "Name=eth1", "", "[Network]", "Bridge=br0", "", "[Link]", "MTUBytes=1500" },
                Lines(Path.Combine(dir, "10-xhostnet-eth1.network")));
        }
        var sharedAgain = _ps.Run($"Connect-XHostNetwork -Session $h -Mode SharedLan -ContainerNetwork 10.201.0.128/25 -SubnetPrefixLength 27 -Name lab " +
                                  $"-RecordDirectory '{Records}' -Persist -PersistFormat SystemdNetworkd -PersistRoot '{RootPattern}' -SkipReachabilityTest");
        Assert.Empty(sharedAgain.Errors);
        Assert.All(Results(sharedAgain), r => Assert.Equal((false, 1L), (r.Changed, r.RoundTrips)));
        Assert.Empty(Disconnect().Errors);
        Assert.Equal(before, Snapshot());
        Assert.Equal(new[] { "10.201.0.1/24" }, Sh.Addresses(Sh.Link(Host(1), "eth1")!.Value));
    }

    private List<long> RoundTrips() => _ps.Run("$h | ForEach-Object RoundTrips").Output.Select(o => Convert.ToInt64(o.BaseObject)).ToList();

    public void Dispose()
    {
        _ps.Run($"Remove-XHostLab {_name}");
        _ps.Dispose();
        if (Directory.Exists($"/run/xhostnet/labs/{_name}")) Directory.Delete($"/run/xhostnet/labs/{_name}", recursive: true);
        if (Directory.Exists(_roots)) Directory.Delete(_roots, recursive: true);
    }
}
