using XHostNet.Sessions;

namespace XHostNet.Tests.Support;

/// <summary>
/// Two hosts made by New-XHostLab in a runspace of the fixture's own (named PREFIX + 6 hex digits, directory in /tmp),
/// removed with Remove-XHostLab on Dispose. New-XHostLab removes what it made itself when creating fails.
/// </summary>
public sealed class LabOfTwo : IDisposable
{
    private readonly PowerShellRunner _ps = new();

    /// <param name="options">New-XHostLab's other parameters; <paramref name="arguments"/> is bound to $arguments for them.</param>
    public LabOfTwo(string prefix, string options, string[]? arguments = null)
    {
        Name = prefix + Guid.NewGuid().ToString("N")[..6];
        Dir = Path.Combine(Path.GetTempPath(), "xhn-lab-" + Name);
        _ps.Set("arguments", arguments);
        try
        {
            var made = _ps.Run($"New-XHostLab 2 -Name {Name} -Directory {Dir} {options}");
            if (made.Errors.Count > 0) throw new InvalidOperationException("New-XHostLab failed: " + made.Errors[0]);
            Sessions = made.All<XHostSession>().ToList();
        }
        catch
        {
            Dispose(); // xunit does not dispose a fixture whose constructor threw: remove whatever part of the lab stands
            throw;
        }
    }

    public string Name { get; }
    public string Dir { get; }
    /// <summary>The sessions New-XHostLab returned (registered in the fixture's own runspace).</summary>
    public IReadOnlyList<XHostSession> Sessions { get; } = Array.Empty<XHostSession>();

    public void Dispose()
    {
        try
        {
            _ps.Run($"Remove-XHostLab {Name} -Directory {Dir} -Confirm:$false");
        }
        finally
        {
            _ps.Dispose();
        }
    }
}
