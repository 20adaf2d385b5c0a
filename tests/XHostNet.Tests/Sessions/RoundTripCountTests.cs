using XHostNet.Sessions;

namespace XHostNet.Tests.Sessions;

/// <summary>
/// A session counts its round trips: one per command and one per batch however many commands it holds, which is
/// what the whole-network commands and the benchmark hold an apply (one read, one change) and a re-run (one read) to.
/// </summary>
public sealed class RoundTripCountTests
{
    [Fact]
    public async Task A_command_and_a_batch_count_one_round_trip_each()
    {
        using var session = new XHostSession();
        Assert.Equal(0, session.RoundTrips);

        (await session.RunAsync(new[] { "true" }, CancellationToken.None)).EnsureSuccess();
        Assert.Equal(1, session.RoundTrips);

        var batch = await session.RunBatchAsync(new[] { new[] { "true" }, new[] { "echo", "a" }, new[] { "false" } }, stopOnError: false, CancellationToken.None);
        Assert.Equal(3, batch.Results.Count);
        Assert.Equal(2, session.RoundTrips);

        await session.RunChangeBatchAsync(new[] { new[] { "true" } }, new[] { new[] { "true" } }, CancellationToken.None);
        Assert.Equal(3, session.RoundTrips);
    }
}
