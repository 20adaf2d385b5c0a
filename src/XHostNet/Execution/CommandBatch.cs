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
    /// Several commands in one round trip, for the price of the commands and one shell: a POSIX sh script runs each argv
    /// with its own standard input and frames the results with shell builtins only. A command writes straight into the
    /// batch's stdout and stderr; after it, printf writes a frame on stderr (marker, index) and then one on stdout (marker,
    /// index, exit status, the clock before and after), so the bytes between two frames are exactly that command's output,
    /// binary, trailing newlines and all, with no encoder, temp file or helper process per command.
    /// </summary>
    /// <remarks>
    /// The marker is random per batch and never appears whole in the script (printf joins its two halves), so no
    /// command's output can hold a frame, not even a process listing that shows the script. A command must not leave a
    /// process behind that keeps the batch's output open (start daemons with their output redirected), as a single
    /// command never could: the round trip lasts until its output ends.
    /// </remarks>
    public static class CommandBatch
    {
        private const string MarkerPrefix = "xhostnet-";

        /// <summary>
        /// Up to this size (quoted, in bytes) a script without command input travels as sh -c's argument: the guard then
        /// has no input to count into a temp file. Linux takes 128 KiB in one argument, and SSH runs the whole command
        /// line as one; larger scripts, and scripts that carry input, go on standard input.
        /// </summary>
        internal const int ArgumentScriptLimit = 64 * 1024;

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
            var key = Guid.NewGuid().ToString("N");
            var script = BuildScript(commands, mustSucceed, key);
            var model = new BatchScript(commands, mustSucceed, MarkerPrefix + key);
            var batch = TravelsAsArgument(commands, script)
                ? new HostCommand(new[] { "sh", "-c", script, "xhostnet-batch" }, null, timeout) { Batch = model }
                : new HostCommand(new[] { "sh", "-s" }, script, timeout) { Batch = model };
            var run = await executor.RunAsync(batch, cancellationToken).ConfigureAwait(false);
            var (results, rest) = Parse(run.StandardOutput, run.StandardError, model.Marker, commands, executor.HostLabel);
            var stoppedByFailure = results.Count > 0 && results.Count <= mustSucceed && !results[results.Count - 1].Succeeded;
            if (results.Count < commands.Count && (run.TimedOut || !stoppedByFailure))
            {
                // The script itself died (timeout, killed, no sh): report the first missing command as failed with the
                // script's own status, and what it wrote on stderr after the last frame (its own part, or the shell's).
                var missing = commands[results.Count];
                results.Add(new CommandResult(executor.HostLabel, missing, run.ExitCode == 0 ? 1 : run.ExitCode, "",
                    rest.Trim().Length > 0 ? rest.Trim() : "The command batch ended before this command reported.",
                    run.Duration, run.TimedOut));
            }
            return new BatchResult(results, commands.Skip(results.Count).ToList());
        }

        private static bool TravelsAsArgument(IReadOnlyList<IReadOnlyList<string>> commands, string script) =>
            !commands.Any(c => c is CommandWithInput) && Encoding.UTF8.GetByteCount(ShellQuoting.Quote(script)) <= ArgumentScriptLimit;

        /// <summary>
        /// The script: _t reads the clock (no process, except one date per command where neither bash's clock nor the
        /// kernel's can be read), _f writes a command's frames, _r runs a command with its input file, _i first decodes a
        /// command's own input (a base64 here-document, so any content survives) into a private temp directory made for
        /// the first such command.
        /// </summary>
        internal static string BuildScript(IReadOnlyList<IReadOnlyList<string>> commands, int mustSucceed, string key)
        {
            var sb = new StringBuilder();
            sb.Append("k=").Append(key).Append(" d=\n");
            // A stopped batch (TERM from its guard) exits through the EXIT trap too, so it leaves no temp directory.
            sb.Append("trap 'exit 143' TERM HUP INT\n");
            // The clock, cheapest first: bash's $EPOCHREALTIME; the kernel's monotonic "now at N nsecs" (line 3 of
            // /proc/timer_list, root only), read with the read builtin; else one date process a command.
            sb.Append("if [ -n \"${EPOCHREALTIME-}\" ]; then _t() { e=$EPOCHREALTIME; }\n")
              .Append("elif [ -r /proc/timer_list ] && { read -r _; read -r _; read -r e _ e2 _; } </proc/timer_list && [ \"$e\" = now ] && [ \"$e2\" -ge 0 ] 2>/dev/null; then\n")
              .Append("  _t() { { read -r _; read -r _; read -r _ _ e _; } </proc/timer_list; }\n")
              .Append("else _t() { e=$(date +%s%N); }; fi\n");
            // stderr's frame first: a stdout frame, which makes the result, then always has its stderr frame before it.
            sb.Append("_f() { c=$1; _t; printf '").Append(MarkerPrefix).Append("%s %s\\n' \"$k\" \"$i\" >&2; ")
              .Append("printf '").Append(MarkerPrefix).Append("%s %s %s %s %s\\n' \"$k\" \"$i\" \"$c\" \"$s\" \"$e\"; s=$e; return \"$c\"; }\n");
            // Every command reads a file of its own or /dev/null: a script on standard input must not be eaten.
            sb.Append("_r() { i=$1; f=$2; shift 2; \"$@\" <\"$f\"; _f $?; }\n");
            sb.Append("_i() { i=$1; shift\n")
              .Append("  if { [ -n \"$d\" ] || { d=$(umask 077 && mktemp -d) && trap 'rm -rf \"$d\"' EXIT; }; } && base64 -d >\"$d/i\"; then _r \"$i\" \"$d/i\" \"$@\"\n")
              .Append("  else echo 'xhostnet: the command input could not be decoded on the host; the command did not run.' >&2; _f 125; fi; }\n");
            // The start frames: whatever comes before them (a login's rc file talking) belongs to no command.
            sb.Append("_t; s=$e; printf '").Append(MarkerPrefix).Append("%s -\\n' \"$k\" >&2; printf '").Append(MarkerPrefix).Append("%s -\\n' \"$k\"\n");
            var eof = "XHOSTNET_INPUT_" + key;
            for (var i = 0; i < commands.Count; i++)
            {
                var withInput = commands[i] as CommandWithInput;
                var index = i.ToString(CultureInfo.InvariantCulture);
                sb.Append(withInput is null ? "_r " + index + " /dev/null " : "_i " + index + " ").Append(ShellQuoting.Join(commands[i]));
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
        /// The results framed in the batch's output, and the stderr text after the last frame (what the script or the
        /// shell said about a command that did not report). A frame that cannot be read (the host's sh or date printed
        /// something else) is the module's own error naming the command, never a parse exception.
        /// </summary>
        internal static (List<CommandResult> Results, string Remainder) Parse(string stdout, string stderr, string marker,
            IReadOnlyList<IReadOnlyList<string>> commands, string host)
        {
            var results = new List<CommandResult>();
            var startFrame = marker + " -\n";
            var outAt = After(stdout, startFrame);
            var errorAt = Math.Max(0, After(stderr, startFrame));
            if (outAt < 0)
            {
                // The script never started (the guard refused its input, sudo said no, no sh): stderr says why.
                if (stdout.IndexOf(marker, StringComparison.Ordinal) >= 0) throw Unreadable(host, $"command 1 of {commands.Count}");
                return (results, stderr.Substring(errorAt));
            }
            for (var p = stdout.IndexOf(marker, outAt, StringComparison.Ordinal); p >= 0; p = stdout.IndexOf(marker, outAt, StringComparison.Ordinal))
            {
                var end = stdout.IndexOf('\n', p);
                var f = (end < 0 ? stdout.Substring(p + marker.Length) : stdout.Substring(p + marker.Length, end - p - marker.Length)).Split(' ');
                var index = results.Count;
                if (end < 0 || f.Length != 5 || f[0].Length != 0 || f[1] != index.ToString(CultureInfo.InvariantCulture) || index >= commands.Count ||
                    !int.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out var exit) ||
                    !TryNextError(stderr, marker, index, ref errorAt, out var error))
                    throw Unreadable(host, index < commands.Count ? ShellQuoting.Join(commands[index]) : $"command {index + 1} of {commands.Count}");
                var duration = TryClock(f[3], out var start) && TryClock(f[4], out var stop) && stop >= start ? TimeSpan.FromTicks(stop - start) : TimeSpan.Zero;
                results.Add(new CommandResult(host, commands[index], exit, stdout.Substring(outAt, p - outAt), error, duration));
                outAt = end + 1;
            }
            // A stderr frame whose stdout frame never came (the script died between the two) leaves its marker out.
            return (results, stderr.Substring(errorAt).Replace(marker + " " + results.Count.ToString(CultureInfo.InvariantCulture) + "\n", ""));
        }

        private static int After(string text, string frame)
        {
            var p = text.IndexOf(frame, StringComparison.Ordinal);
            return p < 0 ? -1 : p + frame.Length;
        }

        /// <summary>The stderr of command <paramref name="index"/>: the text from <paramref name="at"/> up to its frame.</summary>
        private static bool TryNextError(string stderr, string marker, int index, ref int at, out string error)
        {
            error = "";
            var p = stderr.IndexOf(marker, at, StringComparison.Ordinal);
            if (p < 0) return false;
            var frame = marker + " " + index.ToString(CultureInfo.InvariantCulture) + "\n";
            if (string.CompareOrdinal(stderr, p, frame, 0, frame.Length) != 0) return false;
            error = stderr.Substring(at, p - at);
            at = p + frame.Length;
            return true;
        }

        /// <summary>A clock reading in ticks: date +%s%N and /proc/timer_list give nanoseconds, bash's $EPOCHREALTIME seconds.microseconds.</summary>
        private static bool TryClock(string text, out long ticks)
        {
            ticks = 0;
            var dot = text.IndexOf('.');
            if (dot < 0)
            {
                if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var nanoseconds)) return false;
                ticks = nanoseconds / 100;
                return true;
            }
            var fraction = text.Substring(dot + 1);
            if (fraction.Length == 0 || fraction.Length > 9 ||
                !long.TryParse(text.Substring(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > long.MaxValue / TimeSpan.TicksPerSecond - 1 ||
                !long.TryParse((fraction + "0000000").Substring(0, 7), NumberStyles.None, CultureInfo.InvariantCulture, out var parts))
                return false;
            ticks = seconds * TimeSpan.TicksPerSecond + parts;
            return true;
        }

        private static XHostException Unreadable(string host, string what) =>
            new XHostException(XHostErrorKind.Failed, ErrorIds.BatchOutputUnreadable,
                $"The command batch on host '{host}' reported {what} in a form XHostNet cannot read; the host's sh or date may differ from POSIX/GNU.");
    }
}
