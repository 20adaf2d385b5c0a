using XHostNet.Reachability;
using XHostNet.Sessions;

namespace XHostNet.Tests.Reachability;

/// <summary>
/// Test-ContainerReachability's pairing, throttling, progress and per-pair errors, run by the core without root:
/// the probe given to ReachabilityRun stands in for ping (what each pair does on a host is tested on labs).
/// </summary>
public class ReachabilityRunTests
{
    private static readonly XHostSession Host1 = new(), Host2 = new();

    private static ReachabilityResult Replied(ReachabilityPair pair) =>
        new() { Source = pair.Source.Label, Target = pair.Target.Label, TargetAddress = pair.Target.Address, Sent = 1, Received = 1 };

    [Fact]
    public void Every_source_meets_every_target_but_a_container_skips_its_own_addresses()
    {
        var c1 = new ReachabilitySource(Host1, "c1");
        var c1OnHost2 = new ReachabilitySource(Host2, "c1"); // the same name on another host is another container
        var host = new ReachabilitySource(Host1, null);
        var targets = new[]
        {
            new ReachabilityTarget("c1 (10.201.1.2)", "10.201.1.2", new ReachabilitySource(Host1, "c1")),
            new ReachabilityTarget("c1 (10.201.3.2)", "10.201.3.2", new ReachabilitySource(Host1, "c1")),
            new ReachabilityTarget("10.201.2.2", "10.201.2.2"),
        };

        var pairs = ReachabilityRun.Pairs(new[] { c1, c1OnHost2, host }, targets);

        Assert.Equal(new[]
        {
            ("c1", "10.201.2.2"),
            ("c1", "c1 (10.201.1.2)"), ("c1", "c1 (10.201.3.2)"), ("c1", "10.201.2.2"),
            (Host1.SessionName, "c1 (10.201.1.2)"), (Host1.SessionName, "c1 (10.201.3.2)"), (Host1.SessionName, "10.201.2.2"),
        }, pairs.Select(p => (p.Source.Label, p.Target.Label)));
        Assert.Same(c1OnHost2, pairs[1].Source);
    }

    [Fact]
    public void No_sources_or_no_targets_make_no_pairs()
    {
        Assert.Empty(ReachabilityRun.Pairs(Array.Empty<ReachabilitySource>(), new[] { new ReachabilityTarget("a", "10.201.0.1") }));
        Assert.Empty(ReachabilityRun.Pairs(new[] { new ReachabilitySource(Host1, null) }, Array.Empty<ReachabilityTarget>()));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(16)]
    public async Task At_most_throttle_limit_pairs_run_at_once_and_all_of_them_run(int limit)
    {
        var pairs = ReachabilityRun.Pairs(new[] { new ReachabilitySource(Host1, null) },
            Enumerable.Range(1, 12).Select(i => new ReachabilityTarget($"t{i}", $"10.201.0.{i}")));
        int running = 0, most = 0;
        var run = new ReachabilityRun(limit, async (pair, ct) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            await Task.Delay(20, ct);
            Interlocked.Decrement(ref running);
            return Replied(pair);
        });

        var outcomes = await run.RunAsync(pairs, null, CancellationToken.None);

        Assert.Equal(pairs.Select(p => p.Target.Label), outcomes.Select(o => o.Value.Target)); // in pair order, not finishing order
        Assert.Equal(Math.Min(limit, pairs.Count), most);
    }

    [Fact]
    public async Task A_pair_that_throws_is_that_pairs_outcome_and_the_others_still_run()
    {
        var pairs = ReachabilityRun.Pairs(new[] { new ReachabilitySource(Host1, null) },
            new[] { new ReachabilityTarget("a", "10.201.0.1"), new ReachabilityTarget("b", "10.201.0.2"), new ReachabilityTarget("c", "10.201.0.3") });
        var run = new ReachabilityRun(2, (pair, ct) => pair.Target.Label == "b"
            ? throw new XHostException(XHostErrorKind.Unavailable, "HostUnreachable", "host went away")
            : Task.FromResult(Replied(pair)));

        var outcomes = await run.RunAsync(pairs, null, CancellationToken.None);

        Assert.Equal(new[] { "a", "c" }, outcomes.Where(o => o.Error is null).Select(o => o.Value.Target));
        Assert.Equal(("b", "host went away"), (outcomes[1].Item.Target.Label, outcomes[1].Error!.Message));
        Assert.Null(outcomes[1].Value);
    }

    [Fact]
    public async Task Progress_counts_up_to_every_pair()
    {
        var pairs = ReachabilityRun.Pairs(new[] { new ReachabilitySource(Host1, null), new ReachabilitySource(Host2, null) },
            Enumerable.Range(1, 5).Select(i => new ReachabilityTarget($"t{i}", $"10.201.0.{i}")));
        var seen = new List<ReachabilityProgress>();
        var progress = new SynchronousProgress(p => { lock (seen) seen.Add(p); });
        var run = new ReachabilityRun(4, async (pair, ct) => { await Task.Yield(); return Replied(pair); });

        await run.RunAsync(pairs, progress, CancellationToken.None);

        Assert.All(seen, p => Assert.Equal(10, p.Total));
        Assert.Equal(Enumerable.Range(0, 11), seen.Select(p => p.Done).OrderBy(d => d));
        Assert.Equal(100, seen.Max(p => p.PercentComplete));
    }

    [Fact]
    public async Task Cancelling_stops_the_run_and_starts_no_more_pairs()
    {
        var pairs = ReachabilityRun.Pairs(new[] { new ReachabilitySource(Host1, null) },
            Enumerable.Range(1, 6).Select(i => new ReachabilityTarget($"t{i}", $"10.201.0.{i}")));
        using var stop = new CancellationTokenSource();
        var started = 0;
        var run = new ReachabilityRun(2, async (pair, ct) =>
        {
            if (Interlocked.Increment(ref started) == 2) stop.Cancel();
            await Task.Delay(Timeout.Infinite, ct);
            return Replied(pair);
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.RunAsync(pairs, null, stop.Token));
        Assert.Equal(2, started);
    }

    [Fact]
    public void A_throttle_limit_below_one_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReachabilityRun(0, (pair, ct) => Task.FromResult(Replied(pair))));
    }

    [Theory]
    [InlineData("10.201.2.5", "10.201.2.5")]
    [InlineData("10.201.2.5/24", "10.201.2.5")]
    [InlineData("fd00::5", "fd00::5")]
    [InlineData("node1.example.net", "node1.example.net")]
    public void A_target_is_an_address_a_cidr_of_one_or_a_host_name(string text, string address)
    {
        var target = ReachabilityTarget.FromText(text)!;
        Assert.Equal((text, address, (ReachabilitySource?)null), (target.Label, target.Address, target.Owner));
    }

    [Theory]
    [InlineData("1")]             // ping would read 0.0.0.1
    [InlineData("010.1.1.1")]     // 8.1.1.1
    [InlineData("0x0a.1.1.1")]    // 10.1.1.1
    [InlineData("10.246.2562")]
    [InlineData("-c")]
    [InlineData("a b")]
    [InlineData("host\n")]
    [InlineData("10.201.2.5/33")]
    public void What_ping_would_read_otherwise_is_no_target(string text) => Assert.Null(ReachabilityTarget.FromText(text));

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; posts to the thread pool, so its last report may come after the run).</summary>
    private sealed class SynchronousProgress(Action<ReachabilityProgress> report) : IProgress<ReachabilityProgress>
    {
        public void Report(ReachabilityProgress value) => report(value);
    }
}
