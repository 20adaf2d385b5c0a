using XHostNet.Execution;

namespace XHostNet.Tests.Support;

/// <summary>
/// A command that shows which locale it runs under: it prints its LC_ALL, then a real tool message (ls on a missing
/// file, strerror included) under it and, as a control, under the environment's own locale (LC_ALL emptied, so
/// LC_MESSAGES or LANG decide). The control proves the environment would translate; the first message must not be.
/// </summary>
public static class CLocaleProbe
{
    private const string Missing = "/xhn-no-such-file";

    public static readonly IReadOnlyList<string> Argv = new[]
    {
        "sh", "-c", $"printf 'LC_ALL=%s\\n' \"$LC_ALL\"; ls {Missing}; LC_ALL= ls {Missing}; exit 0",
    };

    /// <param name="translated">Whether the environment the command inherits is a German one whose control message must be German.</param>
    public static void AssertRanUnderC(CommandResult result, bool translated)
    {
        Assert.True(result.Succeeded, result.StandardError);
        Assert.Equal("LC_ALL=C\n", result.StandardOutput);
        var messages = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, messages.Length);
        Assert.Equal($"ls: cannot access '{Missing}': No such file or directory", messages[0]);
        if (translated) Assert.Equal($"ls: Zugriff auf '{Missing}' nicht möglich: Datei oder Verzeichnis nicht gefunden", messages[1]);
    }
}
