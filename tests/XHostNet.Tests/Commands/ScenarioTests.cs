using XHostNet.Linux;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Commands;

/// <summary>
/// Every runbook in tests/scenarios runs in the hosted engine: linux-bridge.ps1 here against a throwaway namespace,
/// ovs-gre-two-hosts.ps1 in <see cref="OverlayScenarioTests"/> (namespace sessions) and the SSH tests,
/// docker-shared-lan.ps1 in <see cref="DockerScenarioTests"/>.
/// </summary>
public sealed class ScenarioTests
{
    /// <summary>The runbooks and the tests that run them; a new runbook must be added here, with its test.</summary>
    private static readonly string[] Covered = { "linux-bridge.ps1", "ovs-gre-two-hosts.ps1", "docker-shared-lan.ps1" };

    [Fact]
    public void Every_runbook_is_run_by_a_test()
    {
        var files = Directory.GetFiles(Path.Combine(Repo.RootDir, "tests", "scenarios"), "*.ps1").Select(Path.GetFileName).OrderBy(f => f);
        Assert.Equal(Covered.OrderBy(f => f), files);
    }

    [RootFact]
    public void Linux_bridge_runbook_passes_against_a_namespace_session()
    {
        using var ns = new TempNamespace();
        using var ps = new PowerShellRunner();
        ps.Set("runbook", Path.Combine(Repo.RootDir, "tests", "scenarios", "linux-bridge.ps1"));
        var result = ps.Run($"$h = New-XHostSession -NetworkNamespace {ns.Name}; & $runbook -Session $h");
        Assert.Empty(result.Errors);
        Assert.Equal("br0", result.Single<LinuxBridge>().Name);
        Assert.Equal(new[] { "lo" }, Sh.LinkNames(ns.Name)); // the runbook removed everything it made
    }

    [Fact]
    public void Pester_file_runs_the_same_runbooks()
    {
        var pester = File.ReadAllText(Path.Combine(Repo.RootDir, "tests", "Pester", "Scenarios.Tests.ps1"));
        Assert.Contains("../scenarios", pester);
        Assert.All(Covered, runbook => Assert.Contains(runbook, pester));
    }
}
