using System.Text;
using XHostNet.Execution;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Execution;

public class CommandBatchTests
{
    private static readonly ProcessExecutor Local = ProcessExecutor.Local();

    [Fact]
    public async Task Each_command_keeps_its_own_output_error_and_status()
    {
        var commands = new IReadOnlyList<string>[]
        {
            new[] { "printf", "%s", "multi\nline ünï ✓" },
            new[] { "sh", "-c", "echo to-stderr >&2; exit 3" },
            new[] { "printf", "" },
            new[] { "cat" }, // must read /dev/null, not the rest of the script
        };
        var batch = await CommandBatch.RunAsync(Local, commands, stopOnError: false, TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.Equal(4, batch.Results.Count);
        Assert.Equal("multi\nline ünï ✓", batch.Results[0].StandardOutput);
        Assert.Equal(3, batch.Results[1].ExitCode);
        Assert.Equal("to-stderr\n", batch.Results[1].StandardError);
        Assert.Equal("", batch.Results[2].StandardOutput);
        Assert.Equal("", batch.Results[3].StandardOutput);
        Assert.Equal(new[] { "cat" }, batch.Results[3].Command);
        Assert.Empty(batch.NotRun);
    }

    [Fact]
    public async Task Stop_on_error_runs_nothing_after_the_failure_and_says_what_ran()
    {
        var file = Path.Combine(Path.GetTempPath(), "xhn-batch-" + Guid.NewGuid().ToString("N"));
        var commands = new IReadOnlyList<string>[]
        {
            new[] { "touch", file },
            new[] { "sh", "-c", "echo broken >&2; exit 2" },
            new[] { "rm", "-f", file },
        };
        try
        {
            var batch = await CommandBatch.RunAsync(Local, commands, stopOnError: true, TimeSpan.FromSeconds(30), CancellationToken.None);
            Assert.Equal(2, batch.Results.Count);
            Assert.Single(batch.NotRun);
            Assert.True(File.Exists(file)); // the rm never ran
            var ex = Assert.Throws<PartialChangeException>(() => batch.EnsureSuccess());
            Assert.Contains("Already applied on the host (not rolled back): touch", ex.Message);
            Assert.Contains("Not run: rm -f", ex.Message);
            Assert.Contains("broken", ex.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Reads_after_the_changes_all_run_whatever_they_return_but_a_failed_change_stops_the_batch()
    {
        var reads = new IReadOnlyList<string>[] { new[] { "false" }, new[] { "echo", "read" } };
        var ok = await CommandBatch.RunAsync(Local, new IReadOnlyList<string>[] { new[] { "true" } }.Concat(reads).ToList(), 1,
            TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.Equal(new[] { 0, 1, 0 }, ok.Results.Select(r => r.ExitCode));
        Assert.Equal("read\n", ok.Results[2].StandardOutput);

        var failed = await CommandBatch.RunAsync(Local, new IReadOnlyList<string>[] { new[] { "false" } }.Concat(reads).ToList(), 1,
            TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.Single(failed.Results);
        Assert.Equal(2, failed.NotRun.Count);
    }

    [Fact]
    public async Task A_batch_that_dies_reports_the_command_it_was_in()
    {
        var commands = new IReadOnlyList<string>[] { new[] { "true" }, new[] { "sleep", "30" }, new[] { "true" } };
        var batch = await CommandBatch.RunAsync(Local, commands, stopOnError: true, TimeSpan.FromSeconds(1), CancellationToken.None);
        Assert.Equal(2, batch.Results.Count);
        Assert.True(batch.Results[1].TimedOut);
        Assert.Equal(new[] { "sleep", "30" }, batch.Results[1].Command);
        Assert.Single(batch.NotRun);
    }

    [Fact]
    public async Task One_command_gets_its_own_standard_input_and_the_others_still_read_nothing()
    {
        var input = "line one\nXHOSTNET_INPUT_x\n'\"$HOME`x`\n✓" + new string('z', 200_000);
        var commands = new IReadOnlyList<string>[]
        {
            new[] { "cat" },
            new CommandWithInput(new[] { "cat" }, input),
            new[] { "cat" },
            new CommandWithInput(new[] { "wc", "-c" }, ""),
        };
        var batch = await CommandBatch.RunAsync(Local, commands, stopOnError: true, TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.True(batch.Succeeded);
        Assert.Equal(new[] { "", input, "", "0" }, batch.Results.Select(r => r.StandardOutput.Trim('\n', ' ')).Select((o, i) => i == 1 ? batch.Results[1].StandardOutput : o));
        Assert.DoesNotContain("zzzz", CommandBatch.BuildScript(commands.Take(1).ToList(), 1, "@@xhostnet-0")); // only the input command carries it
    }

    [Fact]
    public async Task Output_comes_back_as_a_single_command_would_get_it_binary_bytes_and_trailing_newlines_included()
    {
        // Each command writes straight into the batch's streams, next to its neighbours' output and the frames: NUL,
        // bytes that are no UTF-8, a multi-byte character cut at its end, lines that end without or with several
        // newlines must come back as the same command run alone returns them, and must not bleed into the next one.
        var commands = new IReadOnlyList<string>[]
        {
            new[] { "printf", "a\\000b\\377\\376c\\n\\n\\n" },
            new[] { "printf", "\\342\\234" }, // the first two bytes of ✓, and no newline
            new[] { "printf", "next" },
            new[] { "sh", "-c", "printf 'e\\000rr\\342\\234' >&2; printf '\\n\\n' >&2; exit 4" },
            new[] { "sh", "-c", "printf '✓ out'; printf '✓ err' >&2" },
        };
        var batch = await CommandBatch.RunAsync(Local, commands, stopOnError: false, TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.Equal(commands.Length, batch.Results.Count);
        for (var i = 0; i < commands.Length; i++)
        {
            var alone = await Local.RunAsync(new HostCommand(commands[i]), CancellationToken.None);
            Assert.Equal(alone.StandardOutput, batch.Results[i].StandardOutput);
            Assert.Equal(alone.StandardError, batch.Results[i].StandardError);
            Assert.Equal(alone.ExitCode, batch.Results[i].ExitCode);
        }
        Assert.Equal("a\0b\uFFFD\uFFFDc\n\n\n", batch.Results[0].StandardOutput);
        Assert.Equal("next", batch.Results[2].StandardOutput);
        Assert.Equal("e\0rr\uFFFD\n\n", batch.Results[3].StandardError);
    }

    [Fact]
    public async Task A_command_that_prints_the_batch_script_cannot_forge_a_frame()
    {
        // A batch without input travels as sh -c's argument, so a process listing shows the whole script; a large one
        // goes on standard input. Either way a command that prints its parent's command line (the script, frames'
        // printf formats and the key included) leaves every result where it belongs.
        var parent = new[] { "sh", "-c", "tr '\\000' '\\n' </proc/$PPID/cmdline" };
        var small = await CommandBatch.RunAsync(Local, new IReadOnlyList<string>[] { parent, new[] { "echo", "after" } }, stopOnError: true,
            TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.True(small.Succeeded);
        Assert.Contains("xhostnet-batch\n", small.Results[0].StandardOutput); // the script was the argument
        Assert.Contains("printf 'xhostnet-%s", small.Results[0].StandardOutput);
        Assert.Equal("after\n", small.Results[1].StandardOutput);

        var filler = new string('f', 2000);
        var many = new IReadOnlyList<string>[] { parent }.Concat(Enumerable.Range(0, 40).Select(_ => (IReadOnlyList<string>)new[] { "echo", filler })).ToList();
        Assert.True(Encoding.UTF8.GetByteCount(CommandBatch.BuildScript(many, many.Count, "0")) > CommandBatch.ArgumentScriptLimit);
        var large = await CommandBatch.RunAsync(Local, many, stopOnError: true, TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.True(large.Succeeded);
        Assert.Equal("sh\n-s\n", large.Results[0].StandardOutput.Substring(large.Results[0].StandardOutput.Length - 6)); // on standard input
        Assert.All(large.Results.Skip(1), r => Assert.Equal(filler + "\n", r.StandardOutput));
    }

    [Fact]
    public async Task A_command_stopped_by_the_batchs_time_limit_leaves_the_results_before_it()
    {
        // Results are written as each command ends, so even a command that ignores TERM and is killed with the whole
        // script (timeout -k) leaves the earlier results, and the batch names the command it was in.
        var commands = new IReadOnlyList<string>[] { new[] { "echo", "done" }, new[] { "sh", "-c", "trap '' TERM; echo partial >&2; sleep 30" }, new[] { "true" } };
        var batch = await CommandBatch.RunAsync(Local, commands, mustSucceed: 0, TimeSpan.FromSeconds(1), CancellationToken.None);
        Assert.Equal(2, batch.Results.Count);
        Assert.Equal("done\n", batch.Results[0].StandardOutput);
        Assert.False(batch.Results[1].Succeeded); // killed after the grace: timeout exits 137 then, not 124
        Assert.Equal(commands[1], batch.Results[1].Command);
        Assert.Contains("partial", batch.Results[1].StandardError); // what it said before it was stopped
        Assert.Single(batch.NotRun);
    }

    /// <summary>
    /// The three clocks a batch can read: bash's $EPOCHREALTIME, the kernel's (/proc/timer_list, which root can read)
    /// under dash, and one date per command under dash for a user who cannot read that file.
    /// </summary>
    public static TheoryData<string, int> Clocks => new() { { "bash", 0 }, { "dash", Root.IsRoot ? 0 : 1 }, { "nobody", 1 } };

    private static string[] Shell(string clock, string script) => clock == "nobody" && Root.IsRoot
        ? new[] { "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "dash", "-c", script }
        : new[] { clock == "nobody" ? "dash" : clock, "-c", script };

    [Theory]
    [MemberData(nameof(Clocks))]
    public void Each_result_takes_its_duration_from_one_clock_reading_per_command(string clock, int _)
    {
        // Each duration is the time between one command's frame and the next: the command and builtins besides.
        var commands = new IReadOnlyList<string>[] { new[] { "sleep", "0.3" }, new[] { "true" } };
        var run = Sh.Run(Shell(clock, CommandBatch.BuildScript(commands, 0, "k1")));
        var (results, _) = CommandBatch.Parse(run.Out, run.Err, "xhostnet-k1", commands, "local");
        Assert.Equal(2, results.Count);
        Assert.InRange(results[0].Duration, TimeSpan.FromMilliseconds(280), TimeSpan.FromSeconds(10));
        Assert.InRange(results[1].Duration, TimeSpan.FromTicks(1), TimeSpan.FromSeconds(10));
    }

    [Theory]
    [MemberData(nameof(Clocks))]
    public void A_batch_costs_one_process_per_command_and_one_shell(string clock, int clockProcesses)
    {
        // The count: the old framing started about seven processes per command (date twice, base64 and tr
        // twice, subshells) and two per batch (mktemp, rm). Now a command costs its own process, plus one date where
        // no clock can be read without one, and the batch one shell. strace -f sees every process of the tree.
        const int n = 5;
        var commands = Enumerable.Range(0, n).Select(_ => (IReadOnlyList<string>)new[] { "/bin/true" }).ToList();
        var log = Path.Combine(Path.GetTempPath(), "xhn-strace-" + Guid.NewGuid().ToString("N"));
        try
        {
            var run = Sh.Run(new[] { "strace", "-f", "-qq", "-e", "trace=process", "-e", "signal=none", "-o", log }.Concat(Shell(clock, CommandBatch.BuildScript(commands, n, "k2"))).ToArray());
            Assert.Equal(0, run.ExitCode);
            Assert.Equal(n, CommandBatch.Parse(run.Out, run.Err, "xhostnet-k2", commands, "local").Results.Count);
            var processes = File.ReadLines(log).Select(l => l.Split(' ')[0]).Distinct().Count();
            Assert.Equal(1 + n + (n + 1) * clockProcesses, processes); // the clock is read once before the first command too
        }
        finally
        {
            File.Delete(log);
        }
    }

    [Fact]
    public void What_comes_before_the_start_frames_belongs_to_no_command()
    {
        // A login's rc file may talk before the script runs (over SSH); that is nobody's output.
        var commands = new IReadOnlyList<string>[] { new[] { "a" } };
        var (results, rest) = CommandBatch.Parse("Welcome!\nxhostnet-m -\nout\nxhostnet-m 0 0 1 2\n", "rc: warning\nxhostnet-m -\nerr\nxhostnet-m 0\n",
            "xhostnet-m", commands, "h");
        Assert.Equal("out\n", Assert.Single(results).StandardOutput);
        Assert.Equal("err\n", results[0].StandardError);
        Assert.Equal("", rest);
        var (none, said) = CommandBatch.Parse("", "sudo: a password is required\n", "xhostnet-m", commands, "h");
        Assert.Empty(none);
        Assert.Equal("sudo: a password is required\n", said);
    }
}
