using System.Text.Json;

namespace XHostNet.Tests.Support;

/// <summary>
/// Two simulated hosts made by New-XHostLab -Docker: namespaces {Prefix}-h1/h2 whose eth1 (10.201.0.N/24) share a LAN,
/// each with its own dockerd (config, data root, exec root and socket under HostDir(n); iptables off; the default
/// bridge off until a test sets one) and the image local/busybox:1. Removed with Remove-XHostLab on Dispose.
/// </summary>
public sealed class DockerHosts : IDisposable
{
    private readonly LabOfTwo _lab;

    public DockerHosts(params string[] dockerdArguments) =>
        _lab = new LabOfTwo("xk", "-Docker" + (dockerdArguments.Length > 0 ? " -DockerArgument $arguments" : ""), dockerdArguments);

    public string Prefix => _lab.Name;
    public string Dir => _lab.Dir;
    public string Host(int n) => $"{Prefix}-h{n}";
    public string Lan(int n) => "eth1";
    public string HostDir(int n) => Path.Combine(Dir, "h" + n, "docker");
    public string Config(int n) => Path.Combine(HostDir(n), "daemon.json");
    public string Endpoint(int n) => $"unix://{HostDir(n)}/docker.sock";

    /// <summary>Restarts host n's dockerd as the lab does (its restart script) and waits until it answers.</summary>
    public void Restart(int n)
    {
        Sh.Ok("sh", Path.Combine(HostDir(n), "restart.sh"), Host(n), HostDir(n));
        for (var i = 0; i < 150 && Docker(n, "version").ExitCode != 0; i++) Thread.Sleep(100);
    }

    /// <summary>PowerShell that defines $h: one namespace session per host with its Docker endpoint and restart command.</summary>
    public string SessionsScript => $$"""
        $h = 1, 2 | ForEach-Object {
            New-XHostSession -NetworkNamespace "{{Prefix}}-h$_" -DockerHost "unix://{{Dir}}/h$_/docker/docker.sock" `
                -DockerRestartCommand sh, "{{Dir}}/h$_/docker/restart.sh", "{{Prefix}}-h$_", "{{Dir}}/h$_/docker"
        }
        """;

    /// <summary>The docker client run directly against host n's engine (the tests' independent view).</summary>
    public (int ExitCode, string Out, string Err) Docker(int n, params string[] args) =>
        Sh.Run(new[] { "docker", "-H", Endpoint(n) }.Concat(args).ToArray());

    public string DockerOk(int n, params string[] args)
    {
        var r = Docker(n, args);
        if (r.ExitCode != 0) throw new InvalidOperationException($"docker {string.Join(" ", args)} failed: {r.Err}");
        return r.Out;
    }

    public JsonElement BridgeNetwork(int n) => JsonDocument.Parse(DockerOk(n, "network", "inspect", "bridge")).RootElement[0].Clone();

    public string ContainerAddress(int n, string container) =>
        DockerOk(n, "inspect", "-f", "{{.NetworkSettings.IPAddress}}", container).Trim();

    public void Dispose() => _lab.Dispose();
}
