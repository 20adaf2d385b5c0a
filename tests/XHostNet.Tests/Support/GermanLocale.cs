namespace XHostNet.Tests.Support;

/// <summary>
/// A German locale (de_DE.UTF-8) compiled into a directory of the test's own, used through LOCPATH: the machine's
/// locales stay as they are. With it, coreutils and glibc speak German ("Datei oder Verzeichnis nicht gefunden"), which
/// shows that a command run under the C locale really overrides what its environment asks for.
/// </summary>
public static class GermanLocale
{
    public const string Name = "de_DE.UTF-8";

    /// <summary>Compiles the locale into <paramref name="directory"/> (the LOCPATH to use); false when this machine has no locale sources.</summary>
    public static bool TryCompile(string directory)
    {
        Directory.CreateDirectory(directory);
        // localedef exits 1 on mere warnings; the compiled locale is what counts.
        try { Sh.Run("localedef", "-i", "de_DE", "-f", "UTF-8", Path.Combine(directory, Name)); }
        catch (System.ComponentModel.Win32Exception) { return false; } // no localedef
        return File.Exists(Path.Combine(directory, Name, "LC_MESSAGES", "SYS_LC_MESSAGES")) &&
               File.Exists("/usr/share/locale/de/LC_MESSAGES/coreutils.mo");
    }

    /// <summary>The environment a German login would have: every locale variable there is, set to German.</summary>
    public static IReadOnlyDictionary<string, string> Environment(string locpath) => new Dictionary<string, string>
    {
        ["LOCPATH"] = locpath, ["LANG"] = Name, ["LC_ALL"] = Name, ["LC_MESSAGES"] = Name, ["LANGUAGE"] = "de",
    };
}
