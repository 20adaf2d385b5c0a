using System.Text.Json.Nodes;
using XHostNet.Docker;
using XHostNet.Execution;
using XHostNet.Linux;
using XHostNet.Tests.Planning;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Docker;

/// <summary>
/// The Docker bridge planner through the scripted executor, on a host as a lab host of New-XHostLab -Docker answers
/// (its dockerd's daemon.json, its tools' messages and outputs captured from one; another lab's dockerd beside it).
/// </summary>
public class DockerBridgePlannerTests
{
    private const string Dir = "/run/xhostnet/labs/pl97/h1/docker";
    private const string Sock = "unix://" + Dir + "/docker.sock";
    private const string ConfigPath = Dir + "/daemon.json";
    private const string OtherConfigPath = "/run/xhostnet/labs/dock/h1/docker/daemon.json";

    // As New-XHostLab writes it (XHostLabBuilder.StartDockerAsync).
    private const string LabConfig = "{\n" +
        $"  \"data-root\": \"{Dir}/data\",\n  \"exec-root\": \"{Dir}/exec\",\n  \"pidfile\": \"{Dir}/docker.pid\",\n" +
        $"  \"hosts\": [\"{Sock}\"],\n  \"iptables\": false,\n  \"ip-forward\": false,\n  \"ip-masq\": false,\n" +
        "  \"shutdown-timeout\": 1,\n  \"bridge\": \"none\"\n}\n";
    private const string OtherConfig = "{\n  \"hosts\": [\"unix:///run/xhostnet/labs/dock/h1/docker/docker.sock\"],\n  \"bridge\": \"none\"\n}\n";
    private const string Pgrep = $"9683 dockerd --config-file {ConfigPath}\n29872 dockerd --config-file {OtherConfigPath}\n";
    private const string ReadFileScript = "if [ -e \"$1\" ] && [ ! -f \"$1\" ]; then echo \"xhostnet: $1 is not a regular file\" >&2; exit 76; fi; exec cat -- \"$1\"";
    private static readonly string[] Restart = { "sh", Dir + "/restart.sh", "pl97-h1", Dir };
    private static readonly DateTime Now = new(2026, 11, 30, 5, 0, 0, DateTimeKind.Utc);

    private static ScriptedExecutor NewHost(bool restartCommand = true)
    {
        var host = new ScriptedExecutor();
        host.Session.DockerHost = Sock;
        if (restartCommand) host.Session.DockerRestartCommand = Restart;
        return host;
    }

    private static string[] Docker(params string[] arguments) => new[] { "docker", "-H", Sock }.Concat(arguments).ToArray();
    private static string[] ReadFile(string path) => new[] { "sh", "-c", ReadFileScript, "sh", path };
    private static string[] Wait => new[] { "timeout", "30", "sh", "-c", "until \"$@\" version >/dev/null 2>&1; do sleep 0.2; done", "sh" }.Concat(Docker()).ToArray();

    /// <summary>The read commands of DockerBridgeReader.ReadAsync on this host, in order (two round trips).</summary>
    private static string[] ReadLines => new IReadOnlyList<string>[]
    {
        new[] { "cat", "/etc/sysconfig/docker" },
        new[] { "systemctl", "show", "docker", "--property=ExecStart", "--value" },
        Docker("network", "inspect", "bridge"),
        new[] { "test", "-d", "/run/systemd/system" },
        new[] { "test", "-x", "/etc/init.d/docker" },
        IpJson.ShowLinksCommand,
        Docker("version", "--format", "{{.Server.Version}}"),
        new[] { "pgrep", "-a", "-x", "dockerd" },
        ReadFile(DockerBridgeReader.DefaultConfigPath),
        ReadFile(ConfigPath),
        ReadFile(OtherConfigPath),
    }.Select(ScriptedExecutor.Line).ToArray();

    /// <summary>The read-back reads the file the change was made to, named: it takes the place of /etc/docker/daemon.json, so only the other dockerd's file is left for the second round trip.</summary>
    private static string[] ReadBackLines => ReadLines.Take(8).Append(ScriptedExecutor.Line(ReadFile(ConfigPath))).Append(ScriptedExecutor.Line(ReadFile(OtherConfigPath))).ToArray();

    /// <summary>Answers one read, the host's daemon.json being <paramref name="config"/>; outputs and messages as the lab host printed them.</summary>
    private static ScriptedExecutor AnswerRead(ScriptedExecutor host, string config, bool readBack = false) => AnswerDefaultPath(host, readBack)
        .On(ReadFile(ConfigPath), stdout: config)
        .On(ReadFile(OtherConfigPath), stdout: OtherConfig);

    private static ScriptedExecutor AnswerDefaultPath(ScriptedExecutor host, bool readBack) =>
        readBack ? AnswerTools(host) : AnswerTools(host).On(ReadFile(DockerBridgeReader.DefaultConfigPath), exitCode: 1, stderr: "cat: /etc/docker/daemon.json: No such file or directory\n");

    private static ScriptedExecutor AnswerTools(ScriptedExecutor host) => host
        .On(new[] { "cat", "/etc/sysconfig/docker" }, exitCode: 1, stderr: "cat: /etc/sysconfig/docker: No such file or directory\n")
        .On(new[] { "systemctl", "show", "docker", "--property=ExecStart", "--value" }, exitCode: 1,
            stderr: "System has not been booted with systemd as init system (PID 1). Can't operate.\nFailed to connect to bus: Host is down\n")
        .On(Docker("network", "inspect", "bridge"), exitCode: 1, stdout: "[]\n", stderr: "Error response from daemon: network bridge not found\n")
        .On(new[] { "test", "-d", "/run/systemd/system" }, exitCode: 1)
        .On(new[] { "test", "-x", "/etc/init.d/docker" }, exitCode: 1)
        .On(IpJson.ShowLinksCommand, stdout: CapturedHost.PlainLinks)
        .On(Docker("version", "--format", "{{.Server.Version}}"), stdout: "20.10.24+dfsg1\n")
        .On(new[] { "pgrep", "-a", "-x", "dockerd" }, stdout: Pgrep);

    private static Task<DockerHostState> Read(ScriptedExecutor host) => DockerBridgeReader.ReadAsync(host.Session, null, CancellationToken.None, forWrite: true);

    private static string Configured(string bridge, int? mtu)
    {
        var config = JsonNode.Parse(LabConfig)!.AsObject();
        config["bridge"] = bridge;
        if (mtu is int m) config["mtu"] = m;
        return DockerBridgePlanner.Serialize(config);
    }

    /// <summary>A write of the daemon.json: what it writes and the hash it expects the file to have; the backup's name has a random part.</summary>
    private static bool IsWrite(IReadOnlyList<string> argv, string expectedSha, bool backup) =>
        argv.Count == 7 && argv[0] == "sh" && argv[2].StartsWith("set -e; p=$1; want=$2; b=$3;", StringComparison.Ordinal) &&
        argv[4] == ConfigPath && argv[5] == expectedSha && (backup ? argv[6].StartsWith(ConfigPath + ".xhostnet-20261130T050000Z-", StringComparison.Ordinal) : argv[6] == "");

    [Fact]
    public async Task The_file_the_serving_dockerd_reads_is_rewritten_keeping_every_other_key_and_read_back()
    {
        var host = AnswerRead(NewHost(), LabConfig).OnMatch(a => IsWrite(a, HostFile.Sha256(LabConfig), backup: true));
        AnswerRead(host, Configured("br0", 1450), readBack: true);
        var state = await Read(host);
        // Of two running dockerds, the one whose config names the session's socket is the one changed.
        Assert.Equal(ConfigPath, state.ConfigPath);
        var plan = DockerBridgePlanner.PlanSet(state, new DockerBridgeSpec { Bridge = "br0", Mtu = 1450 }, Now);
        Assert.Contains(plan.Warnings, w => w.Contains($"reads {ConfigPath} when it starts: restart it"));
        var bridge = await plan.ApplyAsync(CancellationToken.None);
        Assert.Equal(ReadLines, host.Ran.Take(ReadLines.Length));
        Assert.Equal(ReadBackLines, host.Ran.Skip(ReadLines.Length + 1));
        Assert.True(IsWrite(host.RanCommands[ReadLines.Length], HostFile.Sha256(LabConfig), backup: true));
        // Every other key kept, in its place; bridge replaced, mtu added.
        var written = JsonNode.Parse(host.Inputs[ReadLines.Length]!)!.AsObject();
        Assert.Equal(new[] { "data-root", "exec-root", "pidfile", "hosts", "iptables", "ip-forward", "ip-masq", "shutdown-timeout", "bridge", "mtu" }, written.Select(p => p.Key));
        Assert.Equal(("br0", 1450, Sock), ((string?)written["bridge"], (int?)written["mtu"], (string?)written["hosts"]![0]));
        Assert.Equal(Configured("br0", 1450), host.Inputs[ReadLines.Length]);
        Assert.Empty(host.Unexpected);
        Assert.Equal("br0", bridge!.Bridge);
    }

    [Fact]
    public async Task Settings_already_in_the_file_change_nothing()
    {
        var host = AnswerRead(NewHost(), Configured("br0", 1450));
        var plan = DockerBridgePlanner.PlanSet(await Read(host), new DockerBridgeSpec { Bridge = "br0", Mtu = 1450 }, Now);
        Assert.True(plan.IsEmpty);
        Assert.Empty(plan.Warnings);
        await plan.ApplyAsync(CancellationToken.None);
        host.AssertRan(ReadLines);
    }

    [Fact]
    public async Task Settings_dockerd_would_refuse_are_refused_before_any_change()
    {
        var host = AnswerRead(NewHost(restartCommand: false), LabConfig);
        var state = await Read(host);
        XHostException Refused(DockerBridgeSpec spec) => Assert.Throws<XHostException>(() => DockerBridgePlanner.PlanSet(state, spec, Now));
        var both = Refused(new DockerBridgeSpec { Bip = InterfaceAddress.Parse("10.200.70.1/24") });
        Assert.Equal(ErrorIds.DockerSettingsConflict, both.ErrorId);
        Assert.Contains("Use -Clear bip or -Clear bridge to drop the other one.", both.Message);
        Assert.Equal(ErrorIds.FixedCidrOutsideBridge, Refused(new DockerBridgeSpec { Bridge = "br0", FixedCidr = InterfaceAddress.Parse("10.200.99.0/25") }).ErrorId);
        Assert.Equal(ErrorIds.DockerBridgeNotFound, Refused(new DockerBridgeSpec { Bridge = "br7" }).ErrorId);
        Assert.Equal(ErrorIds.DockerBridgeNotABridge, Refused(new DockerBridgeSpec { Bridge = "eth0", FixedCidr = InterfaceAddress.Parse("10.200.64.128/25") }).ErrorId);
        // Neither systemd nor SysV here, and no -DockerRestartCommand: a restart cannot be done, which is said before writing.
        var restart = Refused(new DockerBridgeSpec { Bridge = "br0", Restart = true });
        Assert.Equal(ErrorIds.DockerRestartUnknown, restart.ErrorId);
        Assert.EndsWith("Nothing was changed.", restart.Message);
        host.AssertRan(ReadLines);
    }

    [Fact]
    public async Task A_file_changed_since_it_was_read_is_not_written_and_said_so()
    {
        var host = AnswerRead(NewHost(), LabConfig)
            .OnMatch(a => IsWrite(a, HostFile.Sha256(LabConfig), backup: true), exitCode: HostFile.ChangedExitCode, stderr: $"xhostnet: {ConfigPath} changed since it was read\n");
        var plan = DockerBridgePlanner.PlanSet(await Read(host), new DockerBridgeSpec { Bridge = "br0" }, Now);
        var ex = await Assert.ThrowsAsync<XHostException>(() => plan.ApplyAsync(CancellationToken.None));
        Assert.Equal(ReadLines.Length + 1, host.Ran.Count);
        Assert.Empty(host.Unexpected);
        Assert.Equal(ErrorIds.DockerConfigChanged, ex.ErrorId);
        Assert.StartsWith($"{ConfigPath} on host 'ssh:admin@h1:22' changed since it was read (another writer?); nothing was written.", ex.Message);
        Assert.Contains("Nothing was changed before it.", ex.Message);
    }

    [Fact]
    public async Task A_restart_that_does_not_come_back_puts_the_old_file_back_and_restarts_again()
    {
        var written = Configured("br0", 1450);
        var host = AnswerRead(NewHost(), LabConfig)
            .OnMatch(a => IsWrite(a, HostFile.Sha256(LabConfig), backup: true))
            .On(Restart)
            .On(Wait, exitCode: CommandResult.TimeoutExitCode)
            // The undo: the old content, only while the file still holds ours; then the same restart and wait.
            .OnMatch(a => IsWrite(a, HostFile.Sha256(written), backup: false))
            .On(Restart)
            .On(Wait);
        var plan = DockerBridgePlanner.PlanSet(await Read(host), new DockerBridgeSpec { Bridge = "br0", Mtu = 1450, Restart = true }, Now);
        var ex = await Assert.ThrowsAsync<XHostException>(() => plan.ApplyAsync(CancellationToken.None));
        Assert.Empty(host.Unexpected);
        host.AssertAllAnswered();
        var changes = host.Ran.Skip(ReadLines.Length).ToList();
        Assert.Equal(6, changes.Count);
        Assert.True(IsWrite(host.RanCommands[ReadLines.Length], HostFile.Sha256(LabConfig), backup: true));
        Assert.True(IsWrite(host.RanCommands[ReadLines.Length + 3], HostFile.Sha256(written), backup: false));
        Assert.Equal(new[] { ScriptedExecutor.Line(Restart), ScriptedExecutor.Line(Wait) }, changes.Skip(1).Take(2));
        Assert.Equal(new[] { ScriptedExecutor.Line(Restart), ScriptedExecutor.Line(Wait) }, changes.Skip(4));
        Assert.Equal(written, host.Inputs[ReadLines.Length]);
        Assert.Equal(LabConfig, host.Inputs[ReadLines.Length + 3]);
        Assert.Equal(ErrorIds.DockerRestartFailed, ex.ErrorId);
        Assert.StartsWith($"{ShellQuoting.Join(Wait)} failed on host 'ssh:admin@h1:22' (exit 124). " +
                          $"dockerd did not come back (within 30 s) with the new settings; see its log. The previous {ConfigPath} was put back. " +
                          "The change was undone on host 'ssh:admin@h1:22' (sh -c 'set -e;", ex.Message);
        // Each undo command is named, a write's long script cut short.
        Assert.Contains("… (", ex.Message);
        Assert.True(ex.Message.Length < 1500, ex.Message);
        Assert.EndsWith($"; {ShellQuoting.Join(Restart)}; {ShellQuoting.Join(Wait)}).", ex.Message);
    }
}
