namespace XHostNet.Tests.Support;

internal static class Repo
{
    public static string RootDir { get; } = Find();

    public static string ModuleManifest => Path.Combine(RootDir, "out", "XHostNet", "XHostNet.psd1");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "XHostNet.psd1")) && Directory.Exists(Path.Combine(dir.FullName, "src")))
                return dir.FullName;
        throw new InvalidOperationException("Cannot find the repository root above " + AppContext.BaseDirectory);
    }
}
