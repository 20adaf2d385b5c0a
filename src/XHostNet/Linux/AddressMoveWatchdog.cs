using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using XHostNet.Execution;

namespace XHostNet.Linux
{
    /// <summary>
    /// The POSIX sh watchdog that makes an address move one step with an automatic rollback, as <c>netplan try</c> does.
    /// The launcher writes it to a directory of its own under <see cref="Root"/> and starts it with setsid, in a session of
    /// its own: the command guard ends its command's process group when the caller goes away, and sshd hangs up its
    /// session when the connection drops, and neither may stop the watchdog. The watchdog waits until the launcher has
    /// exited (so the launch's answer is on its way before anything changes), saves the host's addresses and routes,
    /// applies the move, and creates the file <c>pending</c>. Confirming is renaming <c>pending</c> to <c>confirmed</c>
    /// over a new connection; at the deadline the watchdog renames it to <c>expired</c> and restores. One rename wins,
    /// so a confirmation that arrives at the deadline is either taken or refused, never half. The outcome
    /// (<see cref="AddressMoveOutcome"/>) goes to <c>outcome</c>, each failed command to <c>log</c>.
    /// Every command is an argv quoted with <see cref="ShellQuoting"/>; nothing a host reported is read as shell code.
    /// </summary>
    public static class AddressMoveWatchdog
    {
        /// <summary>Where moves keep their state: a tmpfs on systemd and most hosts, so a reboot forgets a move half-way.</summary>
        public const string Root = "/run/xhostnet";

        /// <summary>How long the watchdog waits after the launcher exits before it changes anything.</summary>
        public static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);

        internal const string ConfirmedWord = "confirmed";
        private const string RolledBackWord = "rolled-back";
        private const string ApplyFailedWord = "apply-failed";
        private const string RollbackFailedWord = "rollback-failed";

        // $1 the move's directory, $2 the watchdog script. Prints the directory once the watchdog runs.
        private const string LaunchScript =
            "command -v setsid >/dev/null || { echo 'xhostnet: setsid (util-linux or busybox) is missing on this host; nothing was changed.' >&2; exit 127; }\n" +
            "umask 077; mkdir -p -- \"$(dirname -- \"$1\")\" && mkdir -- \"$1\" && printf '%s' \"$2\" >\"$1/watchdog.sh\" || exit 1\n" +
            "setsid sh \"$1/watchdog.sh\" \"$$\" </dev/null >/dev/null 2>&1 &\n" +
            "printf '%s\\n' \"$1\"";

        // $1 the move's directory. Confirms the move if it is waiting; else prints its outcome, or its state while it is on its
        // way. It never waits: a connection that met the move still starting is not the proof of a new one, so the caller
        // opens another connection and asks again.
        private const string ConfirmScript =
            "d=$1\n" +
            "if mv -- \"$d/pending\" \"$d/confirmed\" 2>/dev/null; then echo confirmed\n" +
            "elif [ -e \"$d/outcome\" ]; then cat -- \"$d/outcome\"\n" +
            "elif [ -d \"$d\" ]; then cat -- \"$d/state\" 2>/dev/null || echo starting\n" +
            "else echo missing; fi";

        // $1 the move's directory. Waits up to ~20 s for the outcome, prints it and the log of failed commands, and removes
        // the directory, unless restoring failed: then its saved state stays for whoever repairs the host.
        private const string FinishScript =
            "d=$1; i=0\n" +
            "while [ ! -e \"$d/outcome\" ] && [ -d \"$d\" ] && [ \"$i\" -lt 200 ]; do i=$((i+1)); sleep 0.1 || sleep 1; done\n" +
            "[ -d \"$d\" ] || { echo missing; exit 0; }\n" +
            "[ -e \"$d/outcome\" ] || { cat -- \"$d/state\" 2>/dev/null || echo starting; exit 0; }\n" +
            "o=$(cat -- \"$d/outcome\"); printf '%s\\n' \"$o\"; cat -- \"$d/log\" 2>/dev/null\n" +
            "[ \"$o\" = " + RollbackFailedWord + " ] || rm -rf -- \"$d\"";

        /// <summary>The directory of a new move: unique, so a confirmation can only ever reach the move it was meant for.</summary>
        public static string NewDirectory() => Root + "/move-" + Guid.NewGuid().ToString("N");

        /// <summary>The watchdog script for one move.</summary>
        public static string Script(string directory, TimeSpan confirmTimeout, string summary,
            IReadOnlyList<IReadOnlyList<string>> apply, IReadOnlyList<(IReadOnlyList<string> Command, bool GoneIsFine)> restore)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(confirmTimeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            var sb = new StringBuilder();
            sb.Append("#!/bin/sh\n");
            // The summary names validated interfaces and addresses only; a newline would end the comment, and quotes only
            // make -WhatIf's quoted copy of the script harder to read.
            sb.Append("# XHostNet address move: ").Append(summary.Replace('\n', ' ').Replace("'", "")).Append('\n');
            sb.Append("# Undone after ").Append(seconds).Append(" s unless confirmed (mv pending confirmed in this directory).\n");
            sb.Append("d=").Append(ShellQuoting.Quote(directory)).Append('\n');
            sb.Append("step() { \"$@\" >>\"$d/log\" 2>&1 && return 0; s=$?; printf 'exit %s: %s\\n' \"$s\" \"$*\" >>\"$d/log\"; return \"$s\"; }\n");
            // A delete while restoring finds its object already gone when the move failed before making it: that is restored.
            sb.Append("gone() { out=$(\"$@\" 2>&1) && return 0; s=$?; case $out in *'Cannot assign requested address'*|*'Cannot find device'*) return 0;; esac; " +
                      "printf '%s\\nexit %s: %s\\n' \"$out\" \"$s\" \"$*\" >>\"$d/log\"; return \"$s\"; }\n");
            sb.Append("apply() {\n");
            foreach (var command in apply) sb.Append("  step ").Append(ShellQuoting.Join(command)).Append(" || return 1\n");
            sb.Append("}\n");
            // Restoring goes on past a failed command: each one puts back what it can, and the outcome says whether all did.
            sb.Append("restore() {\n  r=0\n");
            foreach (var (command, goneIsFine) in restore)
                sb.Append(goneIsFine ? "  gone " : "  step ").Append(ShellQuoting.Join(command)).Append(" || r=1\n");
            sb.Append("  return \"$r\"\n}\n");
            sb.Append("save() { ip -j -d address show >\"$d/$1-addresses.json\" 2>&1; ip -4 -j route show table all >\"$d/$1-routes4.json\" 2>&1; " +
                      "ip -6 -j route show table all >\"$d/$1-routes6.json\" 2>&1; }\n");
            sb.Append("echo starting >\"$d/state\"\n");
            sb.Append("while kill -0 \"$1\" 2>/dev/null; do sleep 0.1 || sleep 1; done\n");
            sb.Append("sleep ").Append(((int)Settle.TotalSeconds).ToString(CultureInfo.InvariantCulture)).Append('\n');
            sb.Append("save before\n");
            sb.Append("echo applying >\"$d/state\"\n");
            sb.Append("if apply; then\n");
            sb.Append("  : >\"$d/pending\"; echo applied >\"$d/state\"\n");
            sb.Append("  end=$(( $(date +%s) + ").Append(seconds).Append(" ))\n");
            sb.Append("  while [ -e \"$d/pending\" ] && [ \"$(date +%s)\" -lt \"$end\" ]; do sleep 0.2 || sleep 1; done\n");
            sb.Append("  if mv -- \"$d/pending\" \"$d/expired\" 2>/dev/null; then\n");
            sb.Append("    echo restoring >\"$d/state\"; if restore; then o=").Append(RolledBackWord).Append("; else o=").Append(RollbackFailedWord).Append("; fi\n");
            sb.Append("  else o=").Append(ConfirmedWord).Append("; fi\n");
            sb.Append("else\n");
            sb.Append("  echo restoring >\"$d/state\"; if restore; then o=").Append(ApplyFailedWord).Append("; else o=").Append(RollbackFailedWord).Append("; fi\n");
            sb.Append("fi\n");
            sb.Append("save after\n");
            sb.Append("printf '%s\\n' \"$o\" >\"$d/outcome.new\" && mv -f -- \"$d/outcome.new\" \"$d/outcome\"\n");
            sb.Append("echo done >\"$d/state\"\n");
            return sb.ToString();
        }

        /// <summary>The one command that starts a move: writes the watchdog and starts it detached; prints the directory.</summary>
        public static IReadOnlyList<string> LaunchCommand(string directory, string script) =>
            new[] { "sh", "-c", LaunchScript, "xhostnet-move", directory, script };

        /// <summary>Confirms a waiting move; prints <c>confirmed</c>, the outcome, or the state while the move is on its way.</summary>
        public static IReadOnlyList<string> ConfirmCommand(string directory) => new[] { "sh", "-c", ConfirmScript, "xhostnet-confirm", directory };

        /// <summary>Waits for the outcome, prints it and the log of failed commands, and removes the move's directory.</summary>
        public static IReadOnlyList<string> FinishCommand(string directory) => new[] { "sh", "-c", FinishScript, "xhostnet-finish", directory };

        /// <summary>The outcome a word of the watchdog's names; null for a state on the way (starting, applying, …).</summary>
        internal static AddressMoveOutcome? ParseOutcome(string word) => word switch
        {
            ConfirmedWord => AddressMoveOutcome.Confirmed,
            RolledBackWord => AddressMoveOutcome.RolledBack,
            ApplyFailedWord => AddressMoveOutcome.ApplyFailed,
            RollbackFailedWord => AddressMoveOutcome.RollbackFailed,
            _ => null,
        };
    }
}
