using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;

namespace XHostNet.Execution
{
    /// <summary>
    /// Writing a file on a host through the execution layer. The content goes on the command's standard input (never in
    /// an argument: argv is size-limited and shows in process lists and messages); the path and checks are arguments.
    /// </summary>
    public static class HostFile
    {
        /// <summary>Exit status of a write whose file changed since it was read (compare-and-swap failed).</summary>
        public const int ChangedExitCode = 75;
        /// <summary>Exit status of a write to something that is not a regular file (a device, a directory, a FIFO).</summary>
        public const int NotRegularExitCode = 76;
        /// <summary>The expected hash of a file that must not exist yet.</summary>
        public const string Absent = "absent";

        // $1 path, $2 expected sha256 of the current content ("" no check, "absent" must not exist), $3 backup path or "".
        // The path is resolved (a symlink's target is edited, the link stays); only a regular file is replaced; the new
        // content goes to a fresh mktemp file beside the target (never a fixed name another process could plant), gets
        // the old file's mode and owner, is synced, and renamed over the target while a lock on the directory is held,
        // after checking the target is still what the caller read: concurrent writers serialize and a stale one fails.
        private const string WriteScript =
            "set -e; p=$1; want=$2; b=$3; mkdir -p -- \"$(dirname -- \"$p\")\"; " +
            "t=$(readlink -f -- \"$p\") || { echo \"xhostnet: cannot resolve $p\" >&2; exit 2; }; " +
            "if [ -e \"$t\" ] && [ ! -f \"$t\" ]; then echo \"xhostnet: $p is not a regular file; only a regular file is replaced\" >&2; exit 76; fi; " +
            "dir=$(dirname -- \"$t\"); n=$(mktemp -- \"$dir/.$(basename -- \"$t\").xhostnet-XXXXXXXXXX\"); trap 'rm -f -- \"$n\"' EXIT; cat >\"$n\"; " +
            "exec 9<\"$dir\"; flock -x -w 60 9; " +
            "if [ -n \"$want\" ]; then if [ -e \"$t\" ]; then have=$(sha256sum <\"$t\"); have=${have%% *}; else have=absent; fi; " +
            "if [ \"$have\" != \"$want\" ]; then echo \"xhostnet: $p changed since it was read\" >&2; exit 75; fi; fi; " +
            "if [ -e \"$t\" ]; then chmod \"$(stat -c %a -- \"$t\")\" \"$n\"; chown \"$(stat -c %u:%g -- \"$t\")\" \"$n\"; else chmod 644 \"$n\"; fi; " +
            "if [ -n \"$b\" ] && [ -e \"$t\" ]; then if [ -e \"$b\" ] || [ -L \"$b\" ]; then echo \"xhostnet: backup $b exists already\" >&2; exit 2; fi; cp -p -- \"$t\" \"$b\"; fi; " +
            "sync -- \"$n\" 2>/dev/null || sync; mv -f -- \"$n\" \"$t\"; trap - EXIT; sync -- \"$dir\" 2>/dev/null || true";

        // $1 path, $2 expected sha256: removes the file only while it is still that content (undoing a file this call made).
        private const string RemoveScript =
            "set -e; t=$(readlink -f -- \"$1\"); [ -e \"$t\" ] || exit 0; exec 9<\"$(dirname -- \"$t\")\"; flock -x -w 60 9; " +
            "have=$(sha256sum <\"$t\"); if [ \"${have%% *}\" != \"$2\" ]; then echo \"xhostnet: $1 changed since it was written\" >&2; exit 75; fi; rm -f -- \"$t\"";

        /// <summary>
        /// Writes a file atomically (a reader never sees half a file), following a symlink to its target and refusing
        /// anything but a regular file. With <paramref name="expectedSha256"/> (see <see cref="Sha256"/>, or
        /// <see cref="Absent"/>) the write happens only while the file is still what was read, else exit
        /// <see cref="ChangedExitCode"/>; with <paramref name="backup"/> (a fresh name) the old file is copied there first.
        /// </summary>
        public static CommandWithInput WriteAtomically(string path, string content, string? expectedSha256 = null, string? backup = null) =>
            new CommandWithInput(new[] { "sh", "-c", WriteScript, "sh", path, expectedSha256 ?? "", backup ?? "" }, content);

        /// <summary>Removes a file only while its content still has the given hash (exit <see cref="ChangedExitCode"/> otherwise).</summary>
        public static IReadOnlyList<string> RemoveIfUnchanged(string path, string sha256) => new[] { "sh", "-c", RemoveScript, "sh", path, sha256 };

        /// <summary>The hash the write compares: sha256 of the content's UTF-8 bytes, lower-case hex as sha256sum prints it.</summary>
        public static string Sha256(string content)
        {
            using var sha = SHA256.Create();
            var hash = sha.ComputeHash(new UTF8Encoding(false).GetBytes(content));
            var sb = new StringBuilder(64);
            foreach (var b in hash) sb.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            return sb.ToString();
        }

        /// <summary>A backup name beside the file that no other writer shares: the UTC time and a random part.</summary>
        public static string BackupName(string path, DateTime now) =>
            $"{path}.xhostnet-{now.ToUniversalTime().ToString("yyyyMMddTHHmmssZ", System.Globalization.CultureInfo.InvariantCulture)}-{Guid.NewGuid().ToString("N").Substring(0, 8)}";
    }
}
