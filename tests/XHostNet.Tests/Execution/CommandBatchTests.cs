using XHostNet.Execution;

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
}
