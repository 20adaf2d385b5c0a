using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace XHostNet.Execution
{
    /// <summary>
    /// Several commands in one round trip: a POSIX sh script on standard input runs each argv with its own
    /// stdout, stderr and exit status, framed line by line in base64 so any output survives the trip.
    /// </summary>
    public static class CommandBatch
    {
        private const string MarkerPrefix = "@@xhostnet-";

        public static Task<BatchResult> RunAsync(ICommandExecutor executor, IReadOnlyList<IReadOnlyList<string>> commands,
            bool stopOnError, TimeSpan timeout, CancellationToken cancellationToken) =>
            RunAsync(executor, commands, stopOnError ? commands.Count : 0, timeout, cancellationToken);

        /// <summary>
        /// Runs the commands in one round trip. A failure among the first <paramref name="mustSucceed"/> commands ends
        /// the batch there (a change that failed); the commands after them (reads) run whatever their results.
        /// </summary>
        public static async Task<BatchResult> RunAsync(ICommandExecutor executor, IReadOnlyList<IReadOnlyList<string>> commands,
            int mustSucceed, TimeSpan timeout, CancellationToken cancellationToken)
        {
            if (commands.Count == 0) return new BatchResult(Array.Empty<CommandResult>(), Array.Empty<IReadOnlyList<string>>());
            var marker = MarkerPrefix + Guid.NewGuid().ToString("N").Substring(0, 12);
            var script = BuildScript(commands, mustSucceed, marker);
            var batch = new HostCommand(new[] { "sh", "-s" }, script, timeout) { Batch = new BatchScript(commands, mustSucceed, marker) };
            var run = await executor.RunAsync(batch, cancellationToken).ConfigureAwait(false);
            var results = Parse(run.StandardOutput, marker, commands, executor.HostLabel);
            var stoppedByFailure = results.Count > 0 && results.Count <= mustSucceed && !results[results.Count - 1].Succeeded;
            if (results.Count < commands.Count && (run.TimedOut || !stoppedByFailure))
            {
                // The script itself died (timeout, killed, no mktemp): report the first missing command as failed with the script's own status.
                var missing = commands[results.Count];
                results.Add(new CommandResult(executor.HostLabel, missing, run.ExitCode == 0 ? 1 : run.ExitCode, "",
                    run.StandardError.Trim().Length > 0 ? run.StandardError.Trim() : "The command batch ended before this command reported.",
                    run.Duration, run.TimedOut));
            }
            return new BatchResult(results, commands.Skip(results.Count).ToList());
        }

        internal static string BuildScript(IReadOnlyList<IReadOnlyList<string>> commands, int mustSucceed, string marker)
        {
            var sb = new StringBuilder();
            sb.Append("d=$(mktemp -d) || exit 125\n");
            // A stopped batch (TERM from its guard) exits through the EXIT trap too, so it leaves no temp directory.
            sb.Append("trap 'rm -rf \"$d\"' EXIT\ntrap 'exit 143' TERM HUP INT\n");
            // Every command reads /dev/null: the rest of this script is on standard input and must not be eaten.
            sb.Append("r() { i=$1; shift; s=$(date +%s%N); \"$@\" </dev/null >\"$d/o\" 2>\"$d/e\"; c=$?; e=$(date +%s%N); ")
              .Append("printf '%s %s %s %s %s %s %s\\n' ").Append(marker).Append(" \"$i\" \"$c\" \"$s\" \"$e\" ")
              .Append("\"$(base64 <\"$d/o\" | tr -d '\\n')\" \"$(base64 <\"$d/e\" | tr -d '\\n')\"; return $c; }\n");
            // A command with its own input: the here-document (base64) on this function's stdin becomes a file it reads.
            sb.Append("ri() { base64 -d >\"$d/i\" || return 125; i=$1; shift; r \"$i\" sh -c '\"$@\" <\"$0\"' \"$d/i\" \"$@\"; }\n");
            for (var i = 0; i < commands.Count; i++)
            {
                var withInput = commands[i] as CommandWithInput;
                var eof = "XHOSTNET_INPUT_" + marker.Substring(MarkerPrefix.Length);
                sb.Append(withInput is null ? "r " : "ri ").Append(i.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(ShellQuoting.Join(commands[i]));
                if (withInput != null) sb.Append(" <<'").Append(eof).Append('\'');
                sb.Append(i < mustSucceed ? " || exit 0\n" : "\n");
                if (withInput != null)
                {
                    // Base64 lines never equal the delimiter (it has an underscore), so any content survives.
                    var b64 = Convert.ToBase64String(new UTF8Encoding(false).GetBytes(withInput.Input));
                    for (var at = 0; at < b64.Length; at += 76) sb.Append(b64, at, Math.Min(76, b64.Length - at)).Append('\n');
                    sb.Append(eof).Append('\n');
                }
            }
            return sb.ToString();
        }

        /// <summary>
        /// The results framed in the batch's output. A framing line that cannot be read (the host's sh, date or base64
        /// printed something else) is the module's own error naming the command, never a parse exception.
        /// </summary>
        internal static List<CommandResult> Parse(string output, string marker, IReadOnlyList<IReadOnlyList<string>> commands, string host)
        {
            var results = new List<CommandResult>();
            foreach (var line in output.Split('\n'))
            {
                if (!line.StartsWith(marker + " ", StringComparison.Ordinal)) continue;
                var f = line.TrimEnd('\r').Split(' ');
                var index = f.Length > 1 && int.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : -1;
                if (index >= 0 && index < results.Count) continue; // a repeated line: the first one counts
                if (index != results.Count || index >= commands.Count || f.Length != 7 ||
                    !int.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out var exit) ||
                    !TryDecode(f[5], out var stdout) || !TryDecode(f[6], out var stderr))
                {
                    var what = index >= results.Count && index < commands.Count ? ShellQuoting.Join(commands[index]) : $"command {results.Count + 1} of {commands.Count}";
                    throw new XHostException(XHostErrorKind.Failed, ErrorIds.BatchOutputUnreadable,
                        $"The command batch on host '{host}' reported {what} in a form XHostNet cannot read; the host's sh, date or base64 may differ from POSIX/GNU.");
                }
                var duration = long.TryParse(f[3], NumberStyles.None, CultureInfo.InvariantCulture, out var start) &&
                               long.TryParse(f[4], NumberStyles.None, CultureInfo.InvariantCulture, out var end) && end >= start
                    ? TimeSpan.FromTicks((end - start) / 100)
                    : TimeSpan.Zero;
                results.Add(new CommandResult(host, commands[index], exit, stdout, stderr, duration));
            }
            return results;
        }

        private static bool TryDecode(string base64, out string text)
        {
            text = "";
            if (base64.Length == 0) return true;
            try
            {
                text = new UTF8Encoding(false).GetString(Convert.FromBase64String(base64));
                return true;
            }
            catch (FormatException)
            {
                return false;
            }
        }
    }
}
