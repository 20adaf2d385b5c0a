using XHostNet.Execution;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Execution;

/// <summary>
/// Every command runs under the C locale whatever the caller's environment says (LANG, LC_*, LANGUAGE): error
/// categories and parsers read the tools' English messages. Here the caller is this test process, made German.
/// </summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class CLocaleTests : IDisposable
{
    private readonly string _locpath = Path.Combine(Path.GetTempPath(), "xhn-locale-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly Dictionary<string, string?> _saved = new();
    private readonly bool _translated;

    public CLocaleTests()
    {
        _translated = GermanLocale.TryCompile(_locpath);
        foreach (var (name, value) in GermanLocale.Environment(_locpath))
        {
            _saved[name] = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    [Fact]
    public async Task A_local_command_runs_under_C_in_a_German_environment()
    {
        var result = await ProcessExecutor.Local().RunAsync(new HostCommand(CLocaleProbe.Argv), CancellationToken.None);
        CLocaleProbe.AssertRanUnderC(result, _translated);
    }

    [Fact]
    public async Task A_local_batch_runs_under_C_in_a_German_environment()
    {
        var batch = await CommandBatch.RunAsync(ProcessExecutor.Local(), new[] { CLocaleProbe.Argv }, stopOnError: true, TimeSpan.FromSeconds(30), CancellationToken.None);
        CLocaleProbe.AssertRanUnderC(Assert.Single(batch.Results), _translated);
    }

    [RootFact]
    public async Task A_namespace_command_and_batch_run_under_C_in_a_German_environment()
    {
        using var ns = new TempNamespace("xlc");
        using var executor = ProcessExecutor.NetworkNamespace(ns.Name);
        CLocaleProbe.AssertRanUnderC(await executor.RunAsync(new HostCommand(CLocaleProbe.Argv), CancellationToken.None), _translated);
        var batch = await CommandBatch.RunAsync(executor, new[] { CLocaleProbe.Argv }, stopOnError: true, TimeSpan.FromSeconds(30), CancellationToken.None);
        CLocaleProbe.AssertRanUnderC(Assert.Single(batch.Results), _translated);
    }

    public void Dispose()
    {
        foreach (var (name, value) in _saved) Environment.SetEnvironmentVariable(name, value);
        Directory.Delete(_locpath, recursive: true);
    }
}
