using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace XHostNet.Tests.Support;

/// <summary>What one script run in the hosted engine produced, stream by stream.</summary>
public sealed class PsResult
{
    public required Collection<PSObject> Output { get; init; }
    public required List<ErrorRecord> Errors { get; init; }
    public required List<string> Warnings { get; init; }
    public required List<string> Verbose { get; init; }
    public required string HostText { get; init; }

    /// <summary>The id of the one error written (the part of FullyQualifiedErrorId before the command name).</summary>
    public string ErrorId() => Assert.Single(Errors).FullyQualifiedErrorId.Split(',')[0];

    public T Single<T>() => Assert.IsType<T>(Assert.Single(Output).BaseObject);
    public IEnumerable<T> All<T>() => Output.Select(o => Assert.IsType<T>(o.BaseObject));
}

/// <summary>
/// The real PowerShell engine (System.Management.Automation 7.6.9) with the built module imported from
/// out/XHostNet as a user would import it. Only the Core cmdlets exist here, as on our machines.
/// </summary>
public sealed class PowerShellRunner : IDisposable
{
    private readonly Runspace _runspace;
    private readonly StringWriter _hostOut = new();

    public PowerShellRunner()
    {
        var host = new XHostNet.Host.ConsoleHost(_hostOut, _hostOut) { PlainText = true };
        _runspace = RunspaceFactory.CreateRunspace(host, InitialSessionState.CreateDefault2());
        _runspace.Open();
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddScript("$PSStyle.OutputRendering = 'PlainText'").AddStatement()
          .AddCommand("Import-Module").AddParameter("Name", Repo.ModuleManifest).AddParameter("ErrorAction", "Stop").Invoke();
    }

    public void Set(string name, object? value) => _runspace.SessionStateProxy.SetVariable(name, value);

    /// <summary>Runs the script; terminating errors surface as exceptions (RuntimeException family).</summary>
    public PsResult Run(string script)
    {
        _hostOut.GetStringBuilder().Clear();
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddScript(script);
        var output = ps.Invoke();
        return new PsResult
        {
            Output = output,
            Errors = ps.Streams.Error.ToList(),
            Warnings = ps.Streams.Warning.Select(w => w.Message).ToList(),
            Verbose = ps.Streams.Verbose.Select(v => v.Message).ToList(),
            HostText = _hostOut.ToString(),
        };
    }

    /// <summary>The id of the one error the script writes, or of the terminating error it throws (a binding error).</summary>
    public string ErrorIdOf(string script)
    {
        try
        {
            return Run(script).ErrorId();
        }
        catch (RuntimeException ex) when (ex.ErrorRecord != null)
        {
            return ex.ErrorRecord.FullyQualifiedErrorId.Split(',')[0];
        }
    }

    /// <summary>
    /// Starts the script and stops it as Ctrl+C does (PowerShell.Stop, which calls StopProcessing) once
    /// <paramref name="stopWhen"/> holds, or after <paramref name="limit"/>. Returns how long Stop took to return.
    /// </summary>
    public TimeSpan RunAndStop(string script, Func<bool> stopWhen, TimeSpan limit)
    {
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddScript(script);
        var running = ps.BeginInvoke();
        var deadline = DateTime.UtcNow + limit;
        while (!stopWhen() && !running.IsCompleted && DateTime.UtcNow < deadline) Thread.Sleep(50);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        ps.Stop();
        return stopwatch.Elapsed;
    }

    public void Dispose() => _runspace.Dispose();
}
