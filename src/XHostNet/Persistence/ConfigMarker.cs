using System;
using System.Text.RegularExpressions;

namespace XHostNet.Persistence
{
    /// <summary>
    /// The comments by which XHostNet knows its own configuration again, from any shell and days later: the first line
    /// of a file it owns (naming the bridge, and on a second line the backup of the file it replaced), the delimiters of
    /// its block in a shared file (/etc/network/interfaces), and the prefix of a line it commented out there.
    /// </summary>
    public static class ConfigMarker
    {
        private const string Tail = "; written by Save-LinuxBridgeConfig, removed by Remove-LinuxBridgeConfig";
        private static readonly Regex OwnerLine = new Regex(@"^# XHostNet: bridge ([A-Za-z0-9_.-]{1,15});", RegexOptions.CultureInvariant);
        private static readonly Regex BackupLine = new Regex(@"^# XHostNet: the file this one replaced is kept as ([^\s/]+)$", RegexOptions.CultureInvariant);
        private static readonly Regex CommentedLine = new Regex(@"^#XHostNet ([A-Za-z0-9_.-]{1,15})# ?(.*)$", RegexOptions.CultureInvariant);

        /// <summary>The first lines of a file XHostNet owns for <paramref name="bridge"/>; <paramref name="backupName"/> is the kept file's name (beside it).</summary>
        public static string FileHeader(string bridge, string? backupName) =>
            $"# XHostNet: bridge {bridge}{Tail}\n" + (backupName is null ? "" : $"# XHostNet: the file this one replaced is kept as {backupName}\n");

        /// <summary>The bridge a file's content says XHostNet wrote it for, and the backup it names; null when XHostNet did not write it.</summary>
        public static (string Bridge, string? BackupName)? ReadFileHeader(string content)
        {
            var lines = content.Split('\n');
            var owner = OwnerLine.Match(lines[0]);
            if (!owner.Success) return null;
            var backup = lines.Length > 1 ? BackupLine.Match(lines[1]) : Match.Empty;
            return (owner.Groups[1].Value, backup.Success ? backup.Groups[1].Value : null);
        }

        public static string BlockBegin(string bridge) => $"# BEGIN XHostNet: bridge {bridge}{Tail}";
        public static string BlockEnd(string bridge) => $"# END XHostNet: bridge {bridge}";

        /// <summary>A line of someone else's configuration, commented out by XHostNet for the bridge (undone on removal).</summary>
        public static string CommentOut(string bridge, string line) => $"#XHostNet {bridge}# {line}";

        /// <summary>The original of a line XHostNet commented out for <paramref name="bridge"/>, or null for any other line.</summary>
        public static string? CommentedOriginal(string line, string bridge)
        {
            var m = CommentedLine.Match(line);
            return m.Success && m.Groups[1].Value == bridge ? m.Groups[2].Value : null;
        }

        /// <summary>Whether a line delimits XHostNet's block of any bridge (to find all blocks, whoever's).</summary>
        public static string? BlockBridge(string line)
        {
            const string begin = "# BEGIN XHostNet: bridge ";
            if (!line.StartsWith(begin, StringComparison.Ordinal)) return null;
            var end = line.IndexOf(';', begin.Length);
            return end < 0 ? null : line.Substring(begin.Length, end - begin.Length);
        }
    }
}
