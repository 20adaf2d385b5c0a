using System.Net.Sockets;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using XHostNet.Docker;
using XHostNet.Execution;
using XHostNet.Linux;
using XHostNet.Sessions;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Docker;

/// <summary>
/// What the Docker core reads from hosts and users that is not what it expects: sysconfig shapes, odd daemon.json,
/// odd tool output (property tests: parse, or the module's own error, never another exception), implausible values.
/// </summary>
public class DockerInputTests
{
    private const string Path0 = "/etc/sysconfig/docker";

    // Each real-world shape: the file, the words dockerd gets (null: refused), the file after setting bridge=br1.
    public static TheoryData<string, string[]?, string?> SysconfigShapes => new()
    {
        { "OPTIONS='-b=br0 --log-level=warn'\n", new[] { "-b=br0", "--log-level=warn" }, "OPTIONS='-b=br1 --log-level=warn'\n" },
        { "OPTIONS=\"--label 'a b' -b br0\"\n", new[] { "--label", "'a", "b'", "-b", "br0" }, "OPTIONS='--label '\\''a b'\\'' -b=br1'\n" },
        { "OPTIONS=--selinux-enabled # keep SELinux\n", new[] { "--selinux-enabled" }, "OPTIONS='--selinux-enabled --bridge=br1' # keep SELinux\n" },
        { "OPTIONS='-b=br0'\nOPTIONS='--mtu=1400'\n", new[] { "--mtu=1400" }, "OPTIONS='-b=br0'\nOPTIONS='--mtu=1400 --bridge=br1'\n" },
        { "export OPTIONS='-b=br0'\n", new[] { "-b=br0" }, "export OPTIONS=-b=br1\n" },
        { "  OPTIONS=-b\\ br0\\ --mtu=1400\n", new[] { "-b", "br0", "--mtu=1400" }, "  OPTIONS='-b=br1 --mtu=1400'\n" },
        { "OPTIONS=\"--data-root=/srv/a\\\"b\"\n", new[] { "--data-root=/srv/a\"b" }, "OPTIONS='--data-root=/srv/a\"b --bridge=br1'\n" },
        { "# OPTIONS='-b=old'\nOTHER=1\n", Array.Empty<string>(), "# OPTIONS='-b=old'\nOTHER=1\nOPTIONS=--bridge=br1\n" },
        { "OPTIONS=\"$OPTIONS -b=br0\"\n", null, null },
        { "OPTIONS=`cat /etc/x`\n", null, null },
        { "OPTIONS='-b=br0\n--mtu=1400'\n", null, null },
        { "OPTIONS=-b=br0 --mtu=1400\n", null, null },
        { "OPTIONS=\"-b=br0\0\"\n", null, null },
        { "OPTIONS=-b=br0 \\\n  --mtu=1400\n", null, null },
    };

    [Theory]
    [MemberData(nameof(SysconfigShapes))]
    public void A_sysconfig_options_line_is_read_and_rewritten_as_sh_reads_it_or_refused(string text, string[]? words, string? rewritten)
    {
        if (words is null)
        {
            Assert.Equal(ErrorIds.DockerSysconfigUnsupported, Assert.Throws<XHostException>(() => SysconfigOptions.Find(text, Path0)).ErrorId);
            return;
        }
        var found = SysconfigOptions.Find(text, Path0);
        Assert.Equal(words, found?.Words ?? Array.Empty<string>());
        var changed = DockerFlags.Replace(found?.Words ?? Array.Empty<string>(), new Dictionary<string, string?> { ["bridge"] = "br1" });
        var after = SysconfigOptions.Rewrite(text, Path0, changed);
        Assert.Equal(rewritten, after);
        // What sh assigns from the new file is exactly the words asked for.
        var path = Path.Combine(Path.GetTempPath(), "xhn-sysconfig-" + Guid.NewGuid().ToString("N"));
        try
        {
            File.WriteAllText(path, after);
            var sh = Sh.Run("sh", "-c", ". \"$1\"; printf '%s\\n' $OPTIONS", "sh", path);
            Assert.Equal(string.Concat(changed.Select(w => w + "\n")), sh.Out);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("{\"mtu\": 1400, \"mtu\": 1500}")]
    [InlineData("{\"bridge\": \"\\ud800\"}")]
    [InlineData("[1, 2]")]
    [InlineData("{\"bridge\": \"br0\",}")]
    public void A_daemon_json_dockerd_would_not_read_is_the_modules_error(string text) =>
        Assert.Equal(ErrorIds.DockerConfigUnparsable, Assert.Throws<XHostException>(() => DockerBridgeReader.ParseConfig(text, "/etc/docker/daemon.json", "h")).ErrorId);

    [Fact]
    public void Valid_json_of_an_unexpected_shape_is_shown_not_thrown()
    {
        var config = DockerBridgeReader.ParseConfig("{\"bridge\": 5, \"mtu\": \"x\", \"default-address-pools\": [{\"base\": 1, \"size\": [2]}, 3]}", "/d.json", "h");
        var settings = DockerBridgeReader.FileSettings(config, "/d.json");
        Assert.Equal(new[] { "bridge=5", "mtu=x", "default-address-pools=base=1,size=[2]" }, settings.Select(s => $"{s.Name}={s.Value}"));
        Assert.Null(DockerBridgeReader.ParseBridgeNetwork("{\"Name\": \"bridge\"}", "docker network inspect bridge", "h"));
        var state = new DockerHostState { Session = new XHostSession(), EngineRunning = true, FileSettings = settings,
            BridgeNetwork = DockerBridgeReader.ParseBridgeNetwork("[{\"Options\": 3, \"IPAM\": {\"Config\": [5]}}]", "c", "h") };
        Assert.Null(state.ToBridge().EffectiveSubnet);
    }

    [Theory]
    [InlineData("-Bip", "224.0.0.1/24")]
    [InlineData("-Bip", "127.0.0.1/8")]
    [InlineData("-Bip", "255.255.255.255/32")]
    [InlineData("-Bip", "10.1.2.255/24")]
    [InlineData("-Bip", "10.1.2.1/32")]
    [InlineData("-FixedCidr", "0.0.0.0/0")]
    [InlineData("-FixedCidr", "239.1.0.0/16")]
    [InlineData("-Pool", "base=10.210.0.0/99,size=999")]
    [InlineData("-Pool", "base=10.210.0.0/16,size=8")]
    [InlineData("-Pool", "base=10.210.0.0/16,size=33")]
    [InlineData("-Pool", "base=224.0.0.0/8,size=24")]
    [InlineData("-Pool", "base=10.210.1.0/16,size=24")]
    public void Implausible_values_are_refused_before_anything_is_read(string what, string value)
    {
        var spec = what switch
        {
            "-Bip" => new DockerBridgeSpec { Bip = InterfaceAddress.Parse(value) },
            "-FixedCidr" => new DockerBridgeSpec { FixedCidr = InterfaceAddress.Parse(value) },
            _ => new DockerBridgeSpec { DefaultAddressPools = new[] { value } },
        };
        var error = Assert.Throws<XHostException>(spec.Validate);
        Assert.Contains(error.ErrorId, new[] { ErrorIds.DockerAddressNotUsable, ErrorIds.DockerAddressPoolInvalid });
        new DockerBridgeSpec { Bip = InterfaceAddress.Parse("10.1.2.1/24"), FixedCidr = InterfaceAddress.Parse("10.1.2.64/26"),
            DefaultAddressPools = new[] { "base=10.210.0.0/16,size=24" } }.Validate();
    }

    [Fact]
    public void The_dockerd_serving_an_endpoint_is_found_by_its_hosts()
    {
        var systemd = new[] { "/usr/bin/dockerd", "-H", "fd://", "--containerd=/run/containerd/containerd.sock" };
        var lab = new[] { "dockerd", "--config-file", "/lab/h1/daemon.json" };
        var other = new[] { "dockerd", "--config-file", "/lab/h2/daemon.json", "--host=unix:///lab/h2/docker.sock" };
        string? Text(string f) => f == "/lab/h1/daemon.json" ? "{\"hosts\": [\"unix:///lab/h1/docker.sock\"]}" : null;
        var daemons = new IReadOnlyList<string>[] { systemd, lab, other };
        Assert.Same(systemd, DockerBridgeReader.ServingDaemon(daemons, DockerCli.DefaultEndpoint, Text));
        Assert.Same(lab, DockerBridgeReader.ServingDaemon(daemons, "unix:///lab/h1/docker.sock", Text));
        Assert.Same(other, DockerBridgeReader.ServingDaemon(daemons, "unix:///lab/h2/docker.sock", Text));
        Assert.Null(DockerBridgeReader.ServingDaemon(daemons, "unix:///h2/docker.sock", Text)); // a suffix is not the socket
        Assert.Null(DockerBridgeReader.ServingDaemon(new IReadOnlyList<string>[] { systemd, new[] { "dockerd", "--config-file=/x.json" } }, "unix:///run/docker.sock", Text));
    }

    [Fact]
    public async Task A_read_that_times_out_is_a_clear_error_not_an_index_out_of_range()
    {
        // An endpoint that accepts and never answers: docker waits until the batch's time limit ends it.
        var socket = Path.Combine(Path.GetTempPath(), "xhn-mute-" + Guid.NewGuid().ToString("N").Substring(0, 8) + ".sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socket));
        listener.Listen(8);
        try
        {
            using var session = new XHostSession { DockerHost = "unix://" + socket, CommandTimeout = TimeSpan.FromSeconds(3) };
            var error = await Assert.ThrowsAsync<XHostException>(() => DockerBridgeReader.ReadAsync(session, "/nonexistent/daemon.json", CancellationToken.None));
            Assert.Equal(ErrorIds.DockerReadFailed, error.ErrorId);
            Assert.Contains("timed out", error.Message);
        }
        finally
        {
            File.Delete(socket);
        }
    }

    // ---- Property tests: for arbitrary and mutated tool output each parser parses or throws only XHostException.

    private static string Mutate(string sample, string noise, int position, byte mode)
    {
        var at = sample.Length == 0 ? 0 : (int)((uint)position % (uint)sample.Length);
        return (mode % 4) switch
        {
            0 => noise,
            1 => sample.Insert(at, noise),
            2 => sample.Substring(0, at) + noise,
            _ => sample.Remove(at, Math.Min(noise.Length + 1, sample.Length - at)),
        };
    }

    private static bool OnlyModuleErrors(Action parse)
    {
        try
        {
            parse();
        }
        catch (XHostException)
        {
        }
        return true; // any other exception fails the property with its stack
    }

    private const string InspectSample =
        "[{\"Name\":\"bridge\",\"IPAM\":{\"Driver\":\"default\",\"Config\":[{\"Subnet\":\"172.17.0.0/16\",\"IPRange\":\"\",\"Gateway\":\"172.17.0.1\"}]}," +
        "\"Options\":{\"com.docker.network.bridge.name\":\"docker0\",\"com.docker.network.driver.mtu\":\"1500\"}}]";

    private const string DaemonJsonSample =
        "{\"bridge\":\"br0\",\"mtu\":1450,\"fixed-cidr\":\"10.1.0.64/26\",\"default-address-pools\":[{\"base\":\"10.210.0.0/16\",\"size\":24}],\"hosts\":[\"unix:///x\"]}";

    [FsCheck.Xunit.Property(MaxTest = 500)]
    public bool Docker_network_inspect_output_parses_or_is_the_modules_error(NonNull<string> noise, int position, byte mode) =>
        OnlyModuleErrors(() =>
        {
            var net = DockerBridgeReader.ParseBridgeNetwork(Mutate(InspectSample, noise.Get, position, mode), "docker network inspect bridge", "h");
            new DockerHostState { Session = new XHostSession(), EngineRunning = true, BridgeNetwork = net }.ToBridge();
        });

    [FsCheck.Xunit.Property(MaxTest = 500)]
    public bool Daemon_json_parses_or_is_the_modules_error(NonNull<string> noise, int position, byte mode) =>
        OnlyModuleErrors(() =>
        {
            var config = DockerBridgeReader.ParseConfig(Mutate(DaemonJsonSample, noise.Get, position, mode), "/d.json", "h");
            var settings = DockerBridgeReader.FileSettings(config, "/d.json");
            new DockerHostState { Session = new XHostSession(), FileSettings = settings }.ToBridge();
            DockerBridgePlanner.Serialize(config);
        });

    [FsCheck.Xunit.Property(MaxTest = 500)]
    public bool Exec_start_and_pgrep_output_parse_or_are_the_modules_error(NonNull<string> noise, int position, byte mode) =>
        OnlyModuleErrors(() =>
        {
            var execStart = Mutate("{ path=/usr/bin/dockerd ; argv[]=/usr/bin/dockerd -H fd:// --config-file=/etc/d.json --bip 10.1.0.1/24 ; ignore_errors=no }",
                noise.Get, position, mode);
            DockerFlags.Parse(DockerBridgeReader.ExecStartArguments(execStart), "systemd ExecStart");
            DockerBridgeReader.ConfigFileOf(DockerBridgeReader.ExecStartArguments(execStart));
            foreach (var d in DockerBridgeReader.RunningDaemons(Mutate("812 /usr/bin/dockerd --config-file /x/daemon.json -b br0\n90 dockerd\n", noise.Get, position, mode)))
            {
                DockerFlags.Parse(d, "dockerd command line");
                DockerBridgeReader.ConfigFileOf(d);
            }
        });

    [FsCheck.Xunit.Property(MaxTest = 500)]
    public bool Sysconfig_parses_or_is_the_modules_error(NonNull<string> noise, int position, byte mode) =>
        OnlyModuleErrors(() =>
        {
            var text = Mutate("# options\nexport OPTIONS=\"-b=br0 --mtu=1400\" # c\nOTHER='x'\n", noise.Get, position, mode);
            var found = SysconfigOptions.Find(text, Path0);
            SysconfigOptions.Rewrite(text, Path0, DockerFlags.Replace(found?.Words ?? Array.Empty<string>(), new Dictionary<string, string?> { ["mtu"] = "1450" }));
        });

    [FsCheck.Xunit.Property(MaxTest = 500)]
    public bool Batch_framing_parses_or_is_the_modules_error(NonNull<string> noise, int position, byte mode)
    {
        const string marker = "xhostnet-0123456789abcdef0123456789abcdef";
        var commands = new IReadOnlyList<string>[] { new[] { "a" }, new[] { "b" } };
        var stdout = $"{marker} -\nhello\n{marker} 0 0 100 200\n{marker} 1 3 1.5 1.75\n";
        var stderr = $"{marker} -\n{marker} 0\nerr{marker} 1\n";
        var mutateStdout = mode / 4 % 2 == 0; // Mutate uses mode % 4 for the kind of damage
        return OnlyModuleErrors(() => CommandBatch.Parse(mutateStdout ? Mutate(stdout, noise.Get, position, mode) : stdout,
            mutateStdout ? stderr : Mutate(stderr, noise.Get, position, mode), marker, commands, "h"));
    }

    [Theory]
    [InlineData("@@m -\n@@m x 0 1 2\n", "@@m -\n@@m 0\n")]
    [InlineData("@@m -\n@@m 0 zero 1 2\n", "@@m -\n@@m 0\n")]
    [InlineData("@@m -\n@@m 0 0 1\n", "@@m -\n@@m 0\n")]
    [InlineData("@@m -\n@@m 0 0 1 2", "@@m -\n@@m 0\n")]
    [InlineData("@@m -\n@@m 5 0 1 2\n", "@@m -\n@@m 0\n")]
    [InlineData("@@m -\n@@m 0 0 1 2\n", "@@m -\n")]
    [InlineData("@@m -\n@@m 0 0 1 2\n", "@@m -\n@@m 1\n")]
    [InlineData("@@m 0 0 1 2\n", "")]
    public void A_frame_that_cannot_be_read_names_the_batch(string stdout, string stderr) =>
        Assert.Equal(ErrorIds.BatchOutputUnreadable, Assert.Throws<XHostException>(() => CommandBatch.Parse(stdout, stderr, "@@m", new IReadOnlyList<string>[] { new[] { "a" } }, "h")).ErrorId);
}
