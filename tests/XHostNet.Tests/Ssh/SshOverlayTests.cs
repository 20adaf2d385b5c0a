using XHostNet.Routing;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Ssh;

/// <summary>The two-host OVS+GRE runbook once more, through the SSH sessions of a lab made with -Ssh (an sshd per host, pinned host keys, as root).</summary>
public sealed class SshOverlayTests : IDisposable
{
    private readonly TwoHostLab _lab = null!;
    private readonly PowerShellRunner _ps = new();

    public SshOverlayTests()
    {
        if (Root.IsRoot) _lab = new TwoHostLab(options: "-Ssh");
    }

    [RootFact]
    public void Gre_runbook_passes_over_ssh_and_its_pings_cross_the_tunnel()
    {
        Assert.All(_lab.Sessions, s => Assert.Equal(XHostNet.Sessions.XHostSessionKind.Ssh, s.Kind));
        Assert.All(_lab.Sessions, s => Assert.StartsWith("SHA256:", s.HostKeyFingerprint));
        _ps.Set("ssh", _lab.Sessions.ToArray());
        _ps.Set("runbook", Path.Combine(Repo.RootDir, "tests", "scenarios", "ovs-gre-two-hosts.ps1"));
        var result = _ps.Run(_lab.SessionsScript + """

            $lab.Hosts = $ssh
            & $runbook @lab -RouteMode Tunnel
            """);
        Assert.Empty(result.Errors);
        var routes = result.Output.Select(o => o.BaseObject).OfType<ContainerRoute>().ToList();
        Assert.Equal(_lab.Sessions.Select(s => s.Host), routes.Select(r => r.Host));
        Assert.All(routes, r => Assert.StartsWith("ssh:root@10.206.", r.Host));
        Assert.All(routes, r => Assert.Equal(RoutePathKind.Tunnel, r.Path));
        // The login really is inside the lab host: its own underlay address is there.
        var inside = _ps.Run("Invoke-XHostCommand -Session $ssh[1] -ArgumentList ip, -br, address, show, dev, obrphy").Single<XHostNet.Execution.CommandResult>();
        Assert.Contains("10.201.0.2/24", inside.StandardOutput);

        var before = _lab.OvsTxPackets(1, "obr0", "gre0");
        Assert.True(_lab.Ping(1, count: 100));
        Assert.True(_lab.OvsTxPackets(1, "obr0", "gre0") - before >= 100);

        Assert.Empty(_ps.Run("& $runbook @lab -Remove").Errors);
        Assert.Equal(new[] { "obrphy" }, _lab.OvsBridges(1));
    }

    public void Dispose()
    {
        _ps.Run("Get-XHostSession | Remove-XHostSession");
        _ps.Dispose();
        _lab?.Dispose();
    }
}
