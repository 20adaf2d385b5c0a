using XHostNet.Reachability;
using XHostNet.Routing;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Reachability;

/// <summary>The default table of ReachabilityResult as the formatter draws it (XHostNet.Format.ps1xml in the built module).</summary>
public sealed class ReachabilityViewTests : IDisposable
{
    private readonly PowerShellRunner _ps = new();

    [Fact]
    public void A_failed_pair_shows_its_reason_next_to_the_path()
    {
        _ps.Set("rows", new[]
        {
            new ReachabilityResult { Source = "container1", Target = "10.201.2.2", TargetAddress = "10.201.2.2", Sent = 1, Received = 0,
                Path = RoutePathKind.Tunnel, Via = "eth0 → br0 → obr0 → gre0", Error = "local error: message too long, mtu=1462" },
            new ReachabilityResult { Source = "container1", Target = "10.201.1.1", TargetAddress = "10.201.1.1", Sent = 3, Received = 3, RttAvgMs = 0.05,
                Path = RoutePathKind.Local, Via = "eth0 → br0" },
        });

        var lines = _ps.Run("$rows | Out-Host").HostText.Split('\n');

        var header = Assert.Single(lines, l => l.TrimStart().StartsWith("Source"));
        Assert.Equal(new[] { "Source", "Target", "Success", "Received", "RttAvgMs", "TcpOpen", "Path", "Via", "Error" },
            header.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var failed = Assert.Single(lines, l => l.Contains("10.201.2.2"));
        Assert.Matches(@"False +0/1 .*Tunnel +eth0 → br0 → obr0 → gre0 +local error: message too long, mtu=1462", failed);
        Assert.Matches(@"True +3/3 +0\.05 +Local +eth0 → br0\s*$", Assert.Single(lines, l => l.Contains("10.201.1.1")));
    }

    public void Dispose() => _ps.Dispose();
}
