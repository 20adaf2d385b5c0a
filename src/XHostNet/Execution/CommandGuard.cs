using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace XHostNet.Execution
{
    /// <summary>
    /// How every command runs on a host, locally, in a namespace or over SSH: a small POSIX sh guard that
    /// <list type="bullet">
    /// <item>starts the command under coreutils' <c>timeout</c>, which puts it in a process group of its own and ends
    /// the whole group when the time is up, so a batch script's children (ping, nsenter, …) die with it;</item>
    /// <item>takes the command's standard input as exactly <c>N</c> bytes from its own, so nothing else on that stream
    /// (sudo's password, which only sudo reads) can ever reach the command;</item>
    /// <item>then watches its own standard input: the caller keeps it open while it waits and closes it to cancel, and a
    /// lost SSH connection or a killed caller closes it too. End of input means nobody waits any more, so the guard
    /// stops the command's group. That is what makes Ctrl+C, a timeout and a dropped connection stop the work on the
    /// host instead of leaving it running, reparented to PID 1.</item>
    /// <item>runs under the C locale: the guard's first line sets LC_ALL=C for itself and everything it starts (no env
    /// process in front of it), whatever the caller's or the remote login's environment says, because error categories
    /// and parsers read the tools' English messages.</item>
    /// </list>
    /// </summary>
    public static class CommandGuard
    {
        /// <summary>How long <c>timeout</c> waits after SIGTERM before it sends SIGKILL to the group.</summary>
        public static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(5);

        /// <summary>The guard's exit status when its input ended before the announced byte count (it runs nothing then).</summary>
        public const int InputIncompleteExitCode = 125;

        // $1: a line to print on stderr once the guard runs (empty: none); it tells a caller that sudo is done.
        // $2: how many bytes of standard input belong to the command. The rest of argv is the timeout-wrapped command.
        // The input goes through a private temp file, read in full before the command starts, so a cancelled write
        // can never run half a script. fd 3 keeps the caller's stream for the watcher: an asynchronous list's stdin
        // is /dev/null in a shell without job control. The watcher uses the read builtin, no child process, so
        // killing it leaves nothing behind.
        internal const string Script =
            "LC_ALL=C; export LC_ALL\n" +
            "m=$1 n=$2; shift 2\n" +
            "[ -z \"$m\" ] || printf '%s\\n' \"$m\" >&2\n" +
            "exec 3<&0\n" +
            "if [ \"$n\" -gt 0 ]; then\n" +
            "  t=$(umask 077 && mktemp) || exit 125\n" +
            "  head -c \"$n\" >\"$t\"\n" +
            "  if [ \"$(wc -c <\"$t\")\" -ne \"$n\" ]; then rm -f \"$t\"; echo 'xhostnet: the command input ended early; nothing was run.' >&2; exit 125; fi\n" +
            "  exec 4<\"$t\"; rm -f \"$t\"\n" +
            "  \"$@\" <&4 3<&- 4<&- &\n" +
            "  exec 4<&-\n" +
            "else\n" +
            "  \"$@\" </dev/null 3<&- &\n" +
            "fi\n" +
            "c=$!\n" +
            // The watcher outlives a TERM, HUP or INT to the guard's process group (sshd's and sudo's way to stop a
            // session; timeout has left that group, so the command would go on): only the end of its input, which
            // follows, decides. Then it stops timeout's whole process group (timeout makes one, led by $c), not just
            // timeout: a TERM that reaches timeout while it forks ends timeout alone, and its child ran on, holding
            // the caller's output open (about 2 of 100 stops right at the start did so). The group is signalled until it
            // is empty, TERM each second, KILL after 5 s; a plain kill of $c covers the instant before the group exists.
            // Once stopping, the watcher ignores USR1, with which the guard ends a watcher that is still waiting, so a
            // guard whose timeout is gone waits for the group's last member to go.
            "{ trap '' TERM HUP INT; while read -r _; do :; done; trap '' USR1\n" +
            "  kill -s TERM -- \"-$c\" || kill -s TERM \"$c\"; i=0\n" +
            "  while kill -s 0 -- \"-$c\" && [ \"$i\" -lt 80 ]; do\n" +
            "    i=$((i+1)); sleep 0.1 || sleep 1\n" +
            "    case $i in *0) kill -s TERM -- \"-$c\";; esac; [ \"$i\" -lt 50 ] || kill -s KILL -- \"-$c\"\n" +
            "  done; } <&3 >/dev/null 2>&1 &\n" +
            "w=$!\n" +
            "exec 3<&-\n" +
            "wait \"$c\"; s=$?\n" +
            "kill -s USR1 \"$w\" 2>/dev/null; wait \"$w\" 2>/dev/null\n" +
            "exit \"$s\"\n";

        /// <summary>The argv that runs <paramref name="command"/> under the guard.</summary>
        /// <param name="inputLength">How many bytes of input the caller writes: <see cref="InputBytes"/>'s length.</param>
        /// <param name="readyLine">A line the guard prints on stderr before it reads its input, or null.</param>
        public static IReadOnlyList<string> Wrap(HostCommand command, int inputLength, string? readyLine = null)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(command.Timeout.TotalSeconds));
            return new[]
            {
                "sh", "-c", Script, "xhostnet-guard", readyLine ?? "", Invariant(inputLength),
                "timeout", "-k", Invariant((int)KillGrace.TotalSeconds), Invariant(seconds),
            }.Concat(command.Argv).ToList();
        }

        /// <summary>
        /// <paramref name="argv"/> under the C locale: <c>env LC_ALL=C argv…</c>. LC_ALL outranks LANG and every other
        /// LC_* variable, and gettext ignores LANGUAGE under the C locale, so the program and everything it starts speak
        /// untranslated English whatever the environment it inherits (a caller's LANG, a remote login's locale, sshd's
        /// SetEnv). An executor applies it to a program it puts in front of the guard whose own messages are translated and
        /// read (sudo: "a password is required"); the guard sets the same LC_ALL=C in its first line, which costs no process.
        /// </summary>
        public static IReadOnlyList<string> InCLocale(IEnumerable<string> argv) => new[] { "env", "LC_ALL=C" }.Concat(argv).ToList();

        /// <summary>The command's standard input as the bytes the guard counts.</summary>
        public static byte[] InputBytes(HostCommand command) =>
            command.Input is null ? Array.Empty<byte>() : new UTF8Encoding(false).GetBytes(command.Input);

        /// <summary>How long to wait for a host before giving up on it: its own limit plus the kill grace and some slack.</summary>
        public static TimeSpan Backstop(HostCommand command) => command.Timeout + KillGrace + TimeSpan.FromSeconds(10);

        private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
