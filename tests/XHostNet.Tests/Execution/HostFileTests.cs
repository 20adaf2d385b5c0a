using System.Text.Json.Nodes;
using XHostNet.Docker;
using XHostNet.Execution;
using XHostNet.Sessions;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Execution;

/// <summary>
/// The atomic file write and Set-DockerBridge's core against real files on this machine: symlinks and special files,
/// content on standard input, compare-and-swap between concurrent writers.
/// </summary>
public sealed class HostFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("xhn-file-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Task<CommandResult> Run(CommandWithInput command) => ProcessExecutor.Local().RunAsync(command.ToHostCommand(), CancellationToken.None);

    [Fact]
    public async Task A_planted_temp_symlink_is_not_followed_and_a_symlinked_file_gets_its_target_edited()
    {
        var path = Path.Combine(_dir, "daemon.json");
        var victim = Path.Combine(_dir, "victim");
        File.WriteAllText(victim, "precious");
        File.CreateSymbolicLink(path + ".xhostnet-new", victim); // the old fixed temp name
        var target = Path.Combine(_dir, "real.json");
        File.WriteAllText(target, "{}");
        File.CreateSymbolicLink(path, target);

        var result = await Run(HostFile.WriteAtomically(path, "{\"mtu\":1400}\n"));
        Assert.True(result.Succeeded, result.StandardError);
        Assert.Equal("precious", File.ReadAllText(victim));
        Assert.Equal("{\"mtu\":1400}\n", File.ReadAllText(target));
        Assert.NotNull(new FileInfo(path).LinkTarget); // still a link
    }

    [Fact]
    public async Task A_special_file_is_refused_not_replaced()
    {
        var fifo = Path.Combine(_dir, "fifo");
        Sh.Ok("mkfifo", fifo);
        var result = await Run(HostFile.WriteAtomically(fifo, "x"));
        Assert.Equal(HostFile.NotRegularExitCode, result.ExitCode);
        Assert.Contains("not a regular file", result.StandardError);
        Assert.Equal("fifo", Sh.Ok("stat", "-c", "%F", fifo).Trim());
        var dev = await Run(HostFile.WriteAtomically("/dev/null", "x"));
        Assert.Equal(HostFile.NotRegularExitCode, dev.ExitCode);
        Assert.Equal("character special file", Sh.Ok("stat", "-c", "%F", "/dev/null").Trim());
    }

    [Fact]
    public async Task A_write_happens_only_while_the_file_is_what_was_read()
    {
        var path = Path.Combine(_dir, "f");
        File.WriteAllText(path, "one");
        Assert.Equal(HostFile.ChangedExitCode, (await Run(HostFile.WriteAtomically(path, "two", HostFile.Sha256("zero")))).ExitCode);
        Assert.Equal("one", File.ReadAllText(path));
        Assert.Equal(HostFile.ChangedExitCode, (await Run(HostFile.WriteAtomically(path, "two", HostFile.Absent))).ExitCode);
        Assert.True((await Run(HostFile.WriteAtomically(path, "two", HostFile.Sha256("one"), path + ".bak"))).Succeeded);
        Assert.Equal(("two", "one"), (File.ReadAllText(path), File.ReadAllText(path + ".bak")));
        Assert.Single(Directory.GetFiles(_dir), f => f.EndsWith("/f", StringComparison.Ordinal));

        // An undo is the same kind of write: it puts "one" back only while the file still holds what this call wrote.
        File.WriteAllText(path, "someone else's");
        Assert.Equal(HostFile.ChangedExitCode, (await Run(HostFile.WriteAtomically(path, "one", HostFile.Sha256("two")))).ExitCode);
        Assert.Equal(HostFile.ChangedExitCode, (await ProcessExecutor.Local().RunAsync(new HostCommand(HostFile.RemoveIfUnchanged(path, HostFile.Sha256("two"))), CancellationToken.None)).ExitCode);
        Assert.Equal("someone else's", File.ReadAllText(path));
        Assert.True((await ProcessExecutor.Local().RunAsync(new HostCommand(HostFile.RemoveIfUnchanged(path, HostFile.Sha256("someone else's"))), CancellationToken.None)).Succeeded);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task A_300_KB_daemon_json_is_written_through_a_batch_and_no_message_carries_it()
    {
        var path = Path.Combine(_dir, "daemon.json");
        var labels = new JsonArray(Enumerable.Range(0, 10000).Select(i => (JsonNode?)JsonValue.Create($"label-{i:D5}=some-longer-value-{i:D6}")).ToArray());
        File.WriteAllText(path, new JsonObject { ["labels"] = labels }.ToJsonString());
        Assert.True(new FileInfo(path).Length > 300_000);
        using var session = new XHostSession();
        var state = await DockerBridgeReader.ReadAsync(session, path, CancellationToken.None, forWrite: true);
        var plan = DockerBridgePlanner.PlanSet(state, new DockerBridgeSpec { Mtu = 1400 }, DateTime.UtcNow);
        Assert.All(plan.Commands, c => Assert.True(string.Join(" ", c).Length < 4000));
        await plan.ApplyAsync(CancellationToken.None);
        var after = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        Assert.Equal((1400, 10000), (after["mtu"]!.GetValue<int>(), after["labels"]!.AsArray().Count));
        Assert.True(new FileInfo(path).Length > 300_000);
    }

    [Fact]
    public async Task Concurrent_set_docker_bridge_calls_each_succeed_on_what_they_read_or_fail_clearly()
    {
        var path = Path.Combine(_dir, "daemon.json");
        File.WriteAllText(path, "{\"mtu\": 1000}\n");
        const int callers = 12;
        var outcomes = await Task.WhenAll(Enumerable.Range(1, callers).Select(i => Task.Run(async () =>
        {
            using var session = new XHostSession();
            try
            {
                var state = await DockerBridgeReader.ReadAsync(session, path, CancellationToken.None, forWrite: true);
                var plan = DockerBridgePlanner.PlanSet(state, new DockerBridgeSpec { Mtu = 1000 + i }, DateTime.UtcNow);
                await plan.ApplyAsync(CancellationToken.None);
                return (Mtu: 1000 + i, Error: (string?)null);
            }
            catch (XHostException e)
            {
                return (Mtu: 1000 + i, Error: e.ErrorId);
            }
        })));
        Assert.All(outcomes, o => Assert.True(o.Error is null || o.Error == ErrorIds.DockerConfigChanged, o.Error));
        var winners = outcomes.Where(o => o.Error is null).Select(o => o.Mtu).ToList();
        Assert.NotEmpty(winners);
        Console.WriteLine($"concurrent Set-DockerBridge: {winners.Count} of {callers} succeeded, the rest DockerConfigChanged");
        // No lost update: each success was written over exactly what it read, so the successes and the first content form
        // one chain: every value appears once as the content some backup kept, except the last, which is the file.
        static int Mtu(string file) => JsonNode.Parse(File.ReadAllText(file))!["mtu"]!.GetValue<int>();
        var backups = Directory.GetFiles(_dir, "daemon.json.xhostnet-*").Select(Mtu).OrderBy(m => m).ToList();
        var final = Mtu(path);
        Assert.Contains(final, winners);
        Assert.Equal(winners.Append(1000).Where(m => m != final).OrderBy(m => m), backups);
        Assert.Empty(Directory.GetFiles(_dir, ".daemon.json.xhostnet-*")); // no temp file left
    }
}
