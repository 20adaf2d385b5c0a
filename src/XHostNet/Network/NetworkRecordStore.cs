using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using XHostNet.Execution;
using XHostNet.Sessions;

namespace XHostNet.Network
{
    /// <summary>Where a host keeps its network records (one JSON file per network), and the commands that read and write them.</summary>
    public static class NetworkRecordStore
    {
        public const string DefaultDirectory = "/var/lib/xhostnet/networks";
        /// <summary>The record directory for a session: <paramref name="directory"/> (or the default) with {host} filled in.</summary>
        public static string DirectoryFor(XHostSession session, string? directory) =>
            HostPlaceholder.Fill(directory ?? DefaultDirectory, session);

        public static string PathOf(string directory, string name) => directory.TrimEnd('/') + "/" + name + ".json";

        // $1 the directory: one line per record file, its name and its content in base64 (one line), nothing when there is no directory.
        private const string ListScript =
            "cd -- \"$1\" 2>/dev/null || exit 0; for f in *.json; do [ -f \"$f\" ] || continue; printf '%s %s\\n' \"$f\" \"$(base64 <\"$f\" | tr -d '\\n')\"; done";

        /// <summary>Reads every record in the directory in one command, so the read round trip needs no second one for them.</summary>
        public static IReadOnlyList<string> ReadCommand(string directory) => new[] { "sh", "-c", ListScript, "sh", directory };

        /// <summary>The record files' texts by network name (the file name without .json).</summary>
        public static IReadOnlyDictionary<string, string> ParseTexts(CommandResult result)
        {
            var texts = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var line in result.EnsureSuccess().StandardOutput.Split('\n'))
            {
                var space = line.IndexOf(' ');
                if (space <= 5 || !line.Substring(0, space).EndsWith(".json", StringComparison.Ordinal)) continue;
                var name = line.Substring(0, space - 5);
                try
                {
                    texts[name] = new UTF8Encoding(false).GetString(Convert.FromBase64String(line.Substring(space + 1).Trim()));
                }
                catch (FormatException)
                {
                    throw ToolOutput.Unreadable("the network record listing", $"the content of {name}.json is not base64");
                }
            }
            return texts;
        }

        /// <summary>Writes the record atomically, only while the file is still what was read (or still absent).</summary>
        public static CommandWithInput Write(string path, string content, string? previousText) =>
            HostFile.WriteAtomically(path, content, previousText is null ? HostFile.Absent : HostFile.Sha256(previousText));

        /// <summary>Undoes <see cref="Write"/>: the previous content back, or the file gone, only while it still holds what was written.</summary>
        public static IReadOnlyList<string> UndoWrite(string path, string content, string? previousText) => previousText is null
            ? HostFile.RemoveIfUnchanged(path, HostFile.Sha256(content))
            : HostFile.WriteAtomically(path, previousText, HostFile.Sha256(content));

        /// <summary>Removes the record, only while it is what was read.</summary>
        public static IReadOnlyList<string> Remove(string path, string text) => HostFile.RemoveIfUnchanged(path, HostFile.Sha256(text));

        /// <summary>A record the host has for <paramref name="name"/>, parsed, or null.</summary>
        public static NetworkRecord? Find(IReadOnlyDictionary<string, string> texts, string directory, string name, string host) =>
            texts.TryGetValue(name, out var text) ? NetworkRecord.Parse(text, PathOf(directory, name), host) : null;
    }
}
