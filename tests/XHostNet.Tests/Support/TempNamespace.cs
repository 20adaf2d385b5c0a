namespace XHostNet.Tests.Support;

/// <summary>A throwaway network namespace with a unique name; deleting it removes every link made inside.</summary>
public sealed class TempNamespace : IDisposable
{
    public TempNamespace(string prefix = "xht")
    {
        Name = $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";
        Sh.Ok("ip", "netns", "add", Name);
        try
        {
            Sh.Ok("ip", "-n", Name, "link", "set", "lo", "up");
        }
        catch
        {
            Dispose(); // a constructor that throws is not disposed by anyone
            throw;
        }
    }

    public string Name { get; }

    public string Exec(params string[] argv) => Sh.Ok(new[] { "ip", "netns", "exec", Name }.Concat(argv).ToArray());

    public void Dispose() => Sh.Run("ip", "netns", "delete", Name);
}
