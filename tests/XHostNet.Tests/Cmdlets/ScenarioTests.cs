using XHostNet.Linux;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Cmdlets;

/// <summary>Every runbook in tests/scenarios, run in the hosted engine against a throwaway namespace.</summary>
public sealed class ScenarioTests
{
    public static TheoryData<string> Runbooks()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(Repo.RootDir, "tests", "scenarios"), "*.ps1").OrderBy(f => f))
            data.Add(Path.GetFileName(file));
        return data;
    }

    [RootTheory]
    [MemberData(nameof(Runbooks))]
    public void Runbook_passes_against_a_namespace_session(string runbook)
    {
        using var ns = new TempNamespace();
        using var ps = new PowerShellRunner();
        ps.Set("runbook", Path.Combine(Repo.RootDir, "tests", "scenarios", runbook));
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
        Assert.Contains("-Session $session", pester);
    }
}
