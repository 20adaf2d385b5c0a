namespace XHostNet.Tests.Support;

/// <summary>
/// A throwaway directory standing in for a host's / in the persistence tests: files are written under it as a distro
/// has them (etc/sysconfig/network-scripts/…), so no test ever touches this machine's own /etc.
/// </summary>
public sealed class ConfigRoot : IDisposable
{
    public ConfigRoot() => Path = Directory.CreateTempSubdirectory("xhn-root-").FullName;

    public string Path { get; }

    /// <summary>The full path of a host path (given as /etc/…) under this root.</summary>
    public string Of(string hostPath) => Path + hostPath;

    public ConfigRoot Write(string hostPath, string content)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Of(hostPath))!);
        File.WriteAllText(Of(hostPath), content);
        return this;
    }

    public ConfigRoot Directories(params string[] hostPaths)
    {
        foreach (var p in hostPaths) Directory.CreateDirectory(Of(p));
        return this;
    }

    public string Read(string hostPath) => File.ReadAllText(Of(hostPath));

    public bool Exists(string hostPath) => File.Exists(Of(hostPath));

    /// <summary>Every file under the root (host paths) with its content: what a removal must return to exactly.</summary>
    public SortedDictionary<string, string> Snapshot() =>
        new(Directory.GetFiles(Path, "*", SearchOption.AllDirectories).ToDictionary(f => f.Substring(Path.Length), File.ReadAllText), StringComparer.Ordinal);

    /// <summary>The files in a directory (host path) whose names match the pattern.</summary>
    public string[] Files(string hostDirectory, string pattern) =>
        Directory.Exists(Of(hostDirectory)) ? Directory.GetFiles(Of(hostDirectory), pattern).Select(f => f.Substring(Path.Length)).OrderBy(f => f, StringComparer.Ordinal).ToArray() : Array.Empty<string>();

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
