using XHostNet.Planning;
using XHostNet.Sessions;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Planning;

/// <summary>
/// A change stopped part-way (Ctrl+C) is undone as a change that failed part-way is: which of its commands ran is
/// unknown, so its undo runs, and the stop still reaches the caller. On a real namespace host and kernel.
/// </summary>
public sealed class StoppedChangeTests : IDisposable
{
    private readonly TempNamespace _ns = new("xhc");

    [RootFact]
    public async Task A_change_stopped_after_its_first_command_is_undone_and_the_stop_goes_on()
    {
        using var session = XHostSession.ForNetworkNamespace(_ns.Name);
        var plan = new ChangePlan<string>(session, "link xs0",
            new IReadOnlyList<string>[] { new[] { "ip", "link", "add", "xs0", "type", "veth", "peer", "name", "xs1" }, new[] { "sleep", "27.5" } }, null)
        {
            RollbackCommands = new IReadOnlyList<string>[] { new[] { "ip", "link", "delete", "dev", "xs0" } },
        };
        using var stop = new CancellationTokenSource();
        var applying = plan.ApplyAsync(stop.Token);
        var deadline = DateTime.UtcNow + Limits.Command;
        while (Sh.Link(_ns.Name, "xs0") is null && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.NotNull(Sh.Link(_ns.Name, "xs0"));

        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => applying);
        // Before this change the first command's link stayed: nothing said the stopped change was half-applied.
        Assert.Null(Sh.Link(_ns.Name, "xs0"));
        Assert.Empty(Sh.WaitUntilNoProcess("sleep 27.5", Limits.Command));
    }

    public void Dispose() => _ns.Dispose();
}
