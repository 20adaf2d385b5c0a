using System.Text.Json;

namespace XHostNet.Tests.Support;

/// <summary>
/// Two simulated hosts (tests/lab/docker-hosts.sh), each a network namespace with its own dockerd (tests/lab/dockerd.sh: own config, data root,
/// exec root, socket; iptables off; the default bridge off until a test sets one) and the local/busybox:1 image,
/// joined by a "LAN" veth pair {Prefix}l1–{Prefix}l2 that is up and carries no address yet.
/// </summary>
public sealed class DockerHosts : IDisposable
{
    public static readonly string Script = Path.Combine(Repo.RootDir, "tests", "lab", "dockerd.sh");

    private static readonly string Lab = Path.Combine(Repo.RootDir, "tests", "lab", "docker-hosts.sh");

    public DockerHosts(params string[] dockerdFlags)
    {
        Prefix = "xk" + Guid.NewGuid().ToString("N")[..6];
        Dir = Path.Combine(Path.GetTempPath(), "xhn-docker-" + Prefix);
        Sh.Ok(new[] { Lab, "create", Prefix, Dir }.Concat(dockerdFlags).ToArray()); // removes what it made when it fails
    }

    public string Prefix { get; }
    public string Dir { get; }
    public string Host(int n) => $"{Prefix}-h{n}";
    public string Lan(int n) => $"{Prefix}l{n}";
    public string HostDir(int n) => Path.Combine(Dir, "h" + n);
    public string Config(int n) => Path.Combine(HostDir(n), "daemon.json");
    public string Endpoint(int n) => $"unix://{HostDir(n)}/docker.sock";

    /// <summary>PowerShell that defines $h: one namespace session per host with its Docker endpoint and restart command.</summary>
    public string SessionsScript => $$"""
        $h = 1, 2 | ForEach-Object {
            New-XHostSession -NetworkNamespace "{{Prefix}}-h$_" -DockerHost "unix://{{Dir}}/h$_/docker.sock" `
                -DockerRestartCommand '{{Script}}', 'restart', "{{Prefix}}-h$_", "{{Dir}}/h$_"
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

    public void Dispose() => Sh.Run(Lab, "remove", Prefix, Dir);
}
