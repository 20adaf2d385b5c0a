using System;
using System.Collections.Generic;
using System.Linq;

namespace XHostNet.Docker
{
    /// <summary>Reads dockerd flags out of a command line or a sysconfig OPTIONS string, and writes them back.</summary>
    public static class DockerFlags
    {
        /// <summary>
        /// Words split at blanks, nothing else: how a service's $OPTIONS is split, and how pgrep -a and systemctl show
        /// ExecStart print an argv (joined by spaces, unquoted). Never fails, whatever the text.
        /// </summary>
        public static IReadOnlyList<string> Fields(string text) =>
            text.Split(new[] { ' ', '\t', '\n', '\r' }, StringSplitOptions.RemoveEmptyEntries);

        /// <summary>The bridge settings among dockerd arguments (--flag=value, --flag value, -b=x, -b x).</summary>
        public static IReadOnlyList<DockerSetting> Parse(IEnumerable<string> arguments, string source)
        {
            var args = arguments.ToList();
            var found = new List<DockerSetting>();
            for (var i = 0; i < args.Count; i++)
            {
                var arg = args[i];
                var eq = arg.IndexOf('=');
                var flag = eq > 0 ? arg.Substring(0, eq) : arg;
                var name = DockerSettingNames.FromFlag(flag);
                if (name is null) continue;
                var value = eq > 0 ? arg.Substring(eq + 1) : i + 1 < args.Count ? args[++i] : "";
                found.Add(new DockerSetting(name, value, source));
            }
            return found;
        }

        /// <summary>
        /// The arguments with each given setting changed where it stands (its first occurrence keeps its spelling; later
        /// ones go), removed when its value is null, appended when it was not there. Every other word stays as it was.
        /// </summary>
        public static IReadOnlyList<string> Replace(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?> changes)
        {
            var kept = new List<string>();
            var done = new HashSet<string>();
            for (var i = 0; i < arguments.Count; i++)
            {
                var arg = arguments[i];
                var eq = arg.IndexOf('=');
                var flag = eq > 0 ? arg.Substring(0, eq) : arg;
                var name = DockerSettingNames.FromFlag(flag);
                if (name is null || !changes.TryGetValue(name, out var value))
                {
                    kept.Add(arg);
                    continue;
                }
                if (eq < 0) i++; // the value is the next word
                if (value != null && done.Add(name)) kept.Add($"{flag}={value}");
            }
            foreach (var change in changes.Where(c => c.Value != null && !done.Contains(c.Key)))
                kept.Add($"{DockerSettingNames.ToFlag(change.Key)}={change.Value}");
            return kept;
        }
    }
}
