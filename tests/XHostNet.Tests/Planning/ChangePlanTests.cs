using XHostNet.Execution;
using XHostNet.Planning;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Planning;

/// <summary>The change engine's paths, success and failure, on a scripted host: what ran, in order, and what it says.</summary>
public class ChangePlanTests
{
    private static readonly string[] AddA = { "ip", "link", "add", "name", "a0", "type", "dummy" };
    private static readonly string[] AddB = { "ip", "link", "set", "dev", "a0", "up" };
    private static readonly string[] AddC = { "ip", "address", "add", "10.200.0.1/24", "dev", "a0" };
    private static readonly string[] Read = { "ip", "-j", "link", "show", "a0" };
    private static readonly string[] Undo = { "ip", "link", "delete", "dev", "a0" };

    private static ChangePlan<string> Plan(ScriptedExecutor host, bool rollback = true, params string[][] commands) =>
        new ChangePlan<string>(host.Session, "link a0", commands.Length == 0 ? new IReadOnlyList<string>[] { AddA, AddB, AddC } : commands, null)
        {
            RollbackCommands = rollback ? new IReadOnlyList<string>[] { Undo } : Array.Empty<IReadOnlyList<string>>(),
        }.WithReadBack(Read, json => json.Trim());

    [Fact]
    public async Task An_empty_plan_runs_nothing_and_returns_the_current_object()
    {
        var host = new ScriptedExecutor();
        var plan = new ChangePlan<string>(host.Session, "link a0", Array.Empty<IReadOnlyList<string>>(), "as it is") { RollbackCommands = new[] { Undo } };
        Assert.True(plan.IsEmpty);
        Assert.Equal("as it is", await plan.ApplyAsync(CancellationToken.None));
        Assert.Equal(0, host.RoundTrips);
        host.AssertRan();
    }

    [Fact]
    public async Task A_change_runs_in_one_round_trip_then_reads_back()
    {
        var host = new ScriptedExecutor().On(AddA).On(AddB).On(AddC).On(Read, stdout: "a0 as read back\n");
        Assert.Equal("a0 as read back", await Plan(host).ApplyAsync(CancellationToken.None));
        host.AssertRan("ip link add name a0 type dummy", "ip link set dev a0 up", "ip address add 10.200.0.1/24 dev a0", "ip -j link show a0");
        Assert.Equal(1, host.RoundTrips);
    }

    [Fact]
    public async Task A_failing_read_back_command_is_not_a_failed_change_but_its_parse_says_so()
    {
        // The read-back's own failure reaches the parser (EnsureSuccess there): a HostCommandException, no undo (nothing says the change failed).
        var host = new ScriptedExecutor().On(AddA).On(AddB).On(AddC).On(Read, exitCode: 1, stderr: "Device \"a0\" does not exist.");
        var ex = await Assert.ThrowsAsync<HostCommandException>(() => Plan(host).ApplyAsync(CancellationToken.None));
        Assert.Contains("ip -j link show a0' failed with exit code 1", ex.Message);
        host.AssertRan("ip link add name a0 type dummy", "ip link set dev a0 up", "ip address add 10.200.0.1/24 dev a0", "ip -j link show a0");
    }

    [Fact]
    public async Task A_change_failing_part_way_is_undone_and_the_message_says_what_failed_and_that_it_was_undone()
    {
        var host = new ScriptedExecutor().On(AddA).On(AddB, exitCode: 2, stderr: "RTNETLINK answers: Operation not permitted\n").On(Undo);
        var ex = await Assert.ThrowsAsync<XHostException>(() => Plan(host).ApplyAsync(CancellationToken.None));
        // The failed command ended the batch: neither the third change nor the read-back ran; then the undo, in a round trip of its own.
        host.AssertRan("ip link add name a0 type dummy", "ip link set dev a0 up", "ip link delete dev a0");
        Assert.Equal(2, host.RoundTrips);
        Assert.Equal(ErrorIds.HostChangeFailed, ex.ErrorId);
        Assert.Equal(XHostErrorKind.Failed, ex.Kind);
        Assert.Equal("ip link set dev a0 up failed on host 'ssh:admin@h1:22' (exit 2): RTNETLINK answers: Operation not permitted. " +
                     "The change was undone on host 'ssh:admin@h1:22' (ip link delete dev a0).", ex.Message);
        Assert.DoesNotContain("not rolled back", ex.Message);
    }

    [Fact]
    public async Task An_undo_that_fails_too_says_the_host_may_be_left_half_changed_and_names_the_failed_undo()
    {
        var undoOther = new[] { "ip", "address", "flush", "dev", "a0" };
        var host = new ScriptedExecutor().On(AddA).On(AddB).On(AddC, exitCode: 2, stderr: "RTNETLINK answers: File exists")
            .On(undoOther).On(Undo, exitCode: 1, stderr: "Cannot find device \"a0\"");
        var plan = Plan(host);
        plan.RollbackCommands = new IReadOnlyList<string>[] { undoOther, Undo };
        var ex = await Assert.ThrowsAsync<XHostException>(() => plan.ApplyAsync(CancellationToken.None));
        // The undo does not stop at its first failure: every undo command is tried.
        host.AssertRan("ip link add name a0 type dummy", "ip link set dev a0 up", "ip address add 10.200.0.1/24 dev a0",
            "ip address flush dev a0", "ip link delete dev a0");
        Assert.Equal("ip address add 10.200.0.1/24 dev a0 failed on host 'ssh:admin@h1:22' (exit 2): RTNETLINK answers: File exists. " +
                     "Undoing it failed too, so the host 'ssh:admin@h1:22' may be left half-changed: ip link delete dev a0 → exit 1: Cannot find device \"a0\"", ex.Message);
    }

    [Fact]
    public async Task A_read_back_showing_a_change_that_does_not_work_is_undone_with_the_read_backs_error()
    {
        var host = new ScriptedExecutor().On(AddA).On(AddB).On(AddC).On(Read, stdout: "broken").On(Undo);
        var plan = new ChangePlan<string>(host.Session, "link a0", new IReadOnlyList<string>[] { AddA, AddB, AddC }, null)
        {
            RollbackCommands = new[] { Undo },
            FailureErrorId = ErrorIds.HostChangeFailed,
            FailureHint = "Not added to a read-back error either.",
        }.WithReadBack(Read, json => json == "broken"
            ? throw new XHostException(XHostErrorKind.Failed, ErrorIds.TunnelNotWorking, "Link 'a0' was added but does not work: no carrier.")
            : json);
        var ex = await Assert.ThrowsAsync<XHostException>(() => plan.ApplyAsync(CancellationToken.None));
        host.AssertRan("ip link add name a0 type dummy", "ip link set dev a0 up", "ip address add 10.200.0.1/24 dev a0", "ip -j link show a0", "ip link delete dev a0");
        Assert.Equal(ErrorIds.TunnelNotWorking, ex.ErrorId);
        Assert.Equal("Link 'a0' was added but does not work: no carrier. The change was undone on host 'ssh:admin@h1:22' (ip link delete dev a0).", ex.Message);
    }

    [Fact]
    public async Task A_first_command_that_may_have_applied_is_undone()
    {
        var add = new[] { "ovs-vsctl", "--timeout=20", "add-port", "obr0", "gre0" };
        var undo = new[] { "ovs-vsctl", "--no-wait", "--timeout=20", "--if-exists", "del-port", "gre0" };
        var host = new ScriptedExecutor().On(add, exitCode: 142, stderr: "ovs-vsctl: timeout while waiting for ovs-vswitchd").On(undo);
        var plan = new ChangePlan<string>(host.Session, "GRE tunnel gre0", new[] { add }, null)
        {
            RollbackCommands = new[] { undo },
            FailureMayHaveApplied = r => r.ExitCode == 142,
        };
        var ex = await Assert.ThrowsAsync<XHostException>(() => plan.ApplyAsync(CancellationToken.None));
        host.AssertRan("ovs-vsctl --timeout=20 add-port obr0 gre0", "ovs-vsctl --no-wait --timeout=20 --if-exists del-port gre0");
        Assert.Equal(ErrorIds.HostChangeFailed, ex.ErrorId);
        Assert.EndsWith("The change was undone on host 'ssh:admin@h1:22' (ovs-vsctl --no-wait --timeout=20 --if-exists del-port gre0).", ex.Message);
    }

    [Fact]
    public async Task A_first_command_that_cannot_have_applied_is_not_undone_and_the_error_says_nothing_was_changed()
    {
        var host = new ScriptedExecutor().On(AddA, exitCode: 2, stderr: "RTNETLINK answers: File exists");
        var plan = Plan(host);
        plan.FailureMayHaveApplied = r => r.ExitCode == 142;
        var ex = await Assert.ThrowsAsync<PartialChangeException>(() => plan.ApplyAsync(CancellationToken.None));
        host.AssertRan("ip link add name a0 type dummy");
        Assert.Empty(ex.Applied);
        Assert.Equal("On host 'ssh:admin@h1:22', 'ip link add name a0 type dummy' failed with exit code 2: RTNETLINK answers: File exists. " +
                     "Nothing was changed before it. Not run: ip link set dev a0 up; ip address add 10.200.0.1/24 dev a0.", ex.Message);
    }

    [Fact]
    public async Task Without_undo_commands_a_part_way_failure_says_what_stays_applied_and_was_not_rolled_back()
    {
        var host = new ScriptedExecutor().On(AddA).On(AddB, exitCode: 2, stderr: "RTNETLINK answers: Operation not permitted");
        var ex = await Assert.ThrowsAsync<PartialChangeException>(() => Plan(host, rollback: false).ApplyAsync(CancellationToken.None));
        host.AssertRan("ip link add name a0 type dummy", "ip link set dev a0 up");
        Assert.Equal("ip link add name a0 type dummy", Assert.Single(ex.Applied).CommandLine);
        Assert.Contains("Already applied on the host (not rolled back): ip link add name a0 type dummy.", ex.Message);
        Assert.Contains("Not run: ip address add 10.200.0.1/24 dev a0.", ex.Message);
    }

    [Fact]
    public async Task A_known_failure_is_explained_as_its_own_error_with_the_command_and_nothing_applied()
    {
        var host = new ScriptedExecutor().On(AddA, exitCode: 1, stderr: "ovs-vsctl: unix:/var/run/openvswitch/db.sock: database connection failed (No such file or directory)");
        var plan = Plan(host);
        plan.ExplainFailure = r => r.StandardError.Contains("database connection failed")
            ? new XHostException(XHostErrorKind.Unavailable, ErrorIds.OvsDatabaseUnavailable, "Cannot reach the Open vSwitch database")
            : null;
        var ex = await Assert.ThrowsAsync<XHostException>(() => plan.ApplyAsync(CancellationToken.None));
        host.AssertRan("ip link add name a0 type dummy");
        Assert.Equal(ErrorIds.OvsDatabaseUnavailable, ex.ErrorId);
        Assert.Equal(XHostErrorKind.Unavailable, ex.Kind);
        Assert.StartsWith("Cannot reach the Open vSwitch database. On host 'ssh:admin@h1:22', 'ip link add name a0 type dummy' failed with exit code 1", ex.Message);
        Assert.Contains("Nothing was changed before it.", ex.Message);
    }

    [Fact]
    public async Task An_unknown_failure_is_not_explained_and_stays_the_command_error()
    {
        var host = new ScriptedExecutor().On(AddA, exitCode: 2, stderr: "RTNETLINK answers: File exists");
        var plan = Plan(host);
        plan.ExplainFailure = r => r.StandardError.Contains("database connection failed") ? new XHostException(XHostErrorKind.Unavailable, ErrorIds.OvsDatabaseUnavailable, "x") : null;
        await Assert.ThrowsAsync<PartialChangeException>(() => plan.ApplyAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_known_failure_that_was_undone_keeps_its_explained_id_and_message()
    {
        var host = new ScriptedExecutor().On(AddA).On(AddB, exitCode: 1, stderr: "xhostnet: changed since read").On(Undo);
        var plan = Plan(host);
        plan.FailureErrorId = ErrorIds.HostChangeFailed;
        plan.FailureHint = "Nor this hint.";
        plan.ExplainFailure = r => r.StandardError.Contains("xhostnet:") ? new XHostException(XHostErrorKind.Conflict, ErrorIds.DockerConfigChanged, "The file changed since it was read") : null;
        var ex = await Assert.ThrowsAsync<XHostException>(() => plan.ApplyAsync(CancellationToken.None));
        host.AssertRan("ip link add name a0 type dummy", "ip link set dev a0 up", "ip link delete dev a0");
        Assert.Equal(ErrorIds.DockerConfigChanged, ex.ErrorId);
        Assert.Equal("The file changed since it was read. The change was undone on host 'ssh:admin@h1:22' (ip link delete dev a0).", ex.Message);
    }

    [Fact]
    public async Task An_undone_failure_takes_the_plans_error_id_and_hint()
    {
        var host = new ScriptedExecutor().On(AddA).On(AddB, exitCode: 1, stderr: "Cannot find device \"a0\"").On(Undo);
        var plan = Plan(host);
        plan.FailureErrorId = ErrorIds.TunnelNotWorking;
        plan.FailureHint = "The kernel made no device; see dmesg.";
        var ex = await Assert.ThrowsAsync<XHostException>(() => plan.ApplyAsync(CancellationToken.None));
        Assert.Equal(ErrorIds.TunnelNotWorking, ex.ErrorId);
        Assert.Equal("ip link set dev a0 up failed on host 'ssh:admin@h1:22' (exit 1): Cannot find device \"a0\". The kernel made no device; see dmesg. " +
                     "The change was undone on host 'ssh:admin@h1:22' (ip link delete dev a0).", ex.Message);
    }

    [Fact]
    public async Task A_cancelled_caller_changes_nothing()
    {
        var host = new ScriptedExecutor();
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Plan(host).ApplyAsync(cts.Token));
        Assert.Equal(0, host.RoundTrips);
        host.AssertRan();
    }

    [Fact]
    public async Task A_cancellation_arriving_after_a_failed_change_still_lets_the_undo_run()
    {
        using var cts = new CancellationTokenSource();
        var host = new ScriptedExecutor().On(AddA).On(AddB, exitCode: 2, stderr: "RTNETLINK answers: Operation not permitted", then: cts.Cancel).On(Undo);
        var ex = await Assert.ThrowsAsync<XHostException>(() => Plan(host).ApplyAsync(cts.Token));
        host.AssertRan("ip link add name a0 type dummy", "ip link set dev a0 up", "ip link delete dev a0");
        Assert.Contains("The change was undone", ex.Message);
    }

    [Fact]
    public async Task The_scripted_host_answers_a_batch_as_the_real_sh_script_does()
    {
        // The double's batch semantics against the real script on this machine (sh, date, base64; no root):
        // a failing change ends the batch, reads after the changes are not run then, and output survives framing.
        IReadOnlyList<string>[] commands =
        {
            new[] { "sh", "-c", "printf 'one\\ntwo\\n'" },
            new[] { "sh", "-c", "echo 'bad thing' >&2; exit 3" },
            new[] { "sh", "-c", "echo never" },
            new[] { "sh", "-c", "echo read" },
        };
        using var local = ProcessExecutor.Local();
        var real = await CommandBatch.RunAsync(local, commands, mustSucceed: 3, TimeSpan.FromSeconds(30), CancellationToken.None);
        var host = new ScriptedExecutor(local.HostLabel).On(commands[0], stdout: "one\ntwo\n").On(commands[1], exitCode: 3, stderr: "bad thing\n");
        var scripted = await CommandBatch.RunAsync(host, commands, mustSucceed: 3, TimeSpan.FromSeconds(30), CancellationToken.None);
        foreach (var batch in new[] { real, scripted })
        {
            Assert.Equal(new[] { 0, 3 }, batch.Results.Select(r => r.ExitCode));
            Assert.Equal("one\ntwo\n", batch.Results[0].StandardOutput);
            Assert.Equal("bad thing\n", batch.Results[1].StandardError);
            Assert.Equal(new[] { ScriptedExecutor.Line(commands[2]), ScriptedExecutor.Line(commands[3]) }, batch.NotRun.Select(ScriptedExecutor.Line));
        }
        // Reads after the changes run whatever the changes did once no change failed, in both.
        var reads = await CommandBatch.RunAsync(local, new[] { commands[1], commands[3] }, mustSucceed: 0, TimeSpan.FromSeconds(30), CancellationToken.None);
        var host2 = new ScriptedExecutor().On(commands[1], exitCode: 3).On(commands[3], stdout: "read\n");
        var scriptedReads = await CommandBatch.RunAsync(host2, new[] { commands[1], commands[3] }, mustSucceed: 0, TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.Equal(reads.Results.Select(r => (r.ExitCode, r.StandardOutput)), scriptedReads.Results.Select(r => (r.ExitCode, r.StandardOutput)));
    }

    [Fact]
    public async Task The_scripted_host_fails_the_test_on_a_command_it_was_not_told_about()
    {
        var host = new ScriptedExecutor().On(AddA);
        await Assert.ThrowsAsync<Xunit.Sdk.FailException>(() => Plan(host).ApplyAsync(CancellationToken.None));
        Assert.Equal(new[] { "ip link set dev a0 up" }, host.Unexpected);
    }
}
