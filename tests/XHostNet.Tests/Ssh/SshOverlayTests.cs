using XHostNet.Routing;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Ssh;

/// <summary>The two-host OVS+GRE runbook once more, through SSH sessions to an sshd inside each lab host (pinned host keys, as root).</summary>
public sealed class SshOverlayTests : IDisposable
{
    private readonly TwoHostLab _lab = null!;
    private readonly SshServer[] _servers = Array.Empty<SshServer>();
    private readonly PowerShellRunner _ps = new();

    public SshOverlayTests()
    {
        if (!Root.IsRoot) return;
        _lab = new TwoHostLab();
        var servers = new List<SshServer>();
        try
        {
            foreach (var n in new[] { 1, 2 }) servers.Add(SshServer.InNamespace(_lab.Host(n)));
            _servers = servers.ToArray();
        }
        catch
        {
            foreach (var server in servers) server.Dispose();
            _lab.Dispose();
            throw;
        }
    }

    [RootFact]
    public void Gre_runbook_passes_over_ssh_and_its_pings_cross_the_tunnel()
    {
        for (var i = 0; i < 2; i++)
        {
            _ps.Set($"ip{i}", _servers[i].Address);
            _ps.Set($"fp{i}", _servers[i].HostKeyFingerprint);
            _ps.Set($"key{i}", _servers[i].RootKey);
        }
        _ps.Set("runbook", Path.Combine(Repo.RootDir, "tests", "scenarios", "ovs-gre-two-hosts.ps1"));
        var result = _ps.Run(_lab.SessionsScript + $$"""

            $lab.Hosts = @(
                New-XHostSession -HostName $ip0 -UserName root -KeyFile $key0 -HostKeyFingerprint $fp0 -OvsDatabase "unix:{{_lab.Dir}}/h1/db.sock"
                New-XHostSession -HostName $ip1 -UserName root -KeyFile $key1 -HostKeyFingerprint $fp1 -OvsDatabase "unix:{{_lab.Dir}}/h2/db.sock")
            & $runbook @lab -RouteMode Tunnel
            """);
        Assert.Empty(result.Errors);
        var routes = result.Output.Select(o => o.BaseObject).OfType<ContainerRoute>().ToList();
        Assert.Equal(new[] { $"ssh:root@{_servers[0].Address}:22", $"ssh:root@{_servers[1].Address}:22" }, routes.Select(r => r.Host));
        Assert.All(routes, r => Assert.Equal(RoutePathKind.Tunnel, r.Path));

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
        foreach (var server in _servers) server.Dispose();
        _lab?.Dispose();
    }
}
