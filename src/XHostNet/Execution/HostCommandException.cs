using System;
using System.Collections.Generic;
using System.Linq;

namespace XHostNet.Execution
{
    /// <summary>A command ran on a host and failed (non-zero exit or timeout).</summary>
    public class HostCommandException : Exception
    {
        public HostCommandException(CommandResult result)
            : base(Describe(result))
        {
            Result = result;
        }

        public CommandResult Result { get; }

        private static string Describe(CommandResult r)
        {
            var what = r.TimedOut ? "timed out" : $"failed with exit code {r.ExitCode}";
            var err = Shorten(r.StandardError.Trim(), 2000);
            return $"On host '{r.Host}', '{Shorten(r.CommandLine, 300)}' {what}" + (err.Length > 0 ? $": {err}" : ".");
        }

        // A message stays readable: a write's script or a tool's flood of output is cut; the whole CommandResult
        // stays on the exception (Result) and on the error record's TargetObject.
        internal static string Shorten(string text, int limit) =>
            text.Length <= limit ? text : text.Substring(0, limit) + $"… ({text.Length - limit} more characters)";
    }

    /// <summary>
    /// A change made of several commands stopped part-way: some commands ran, one failed, the rest did not run.
    /// The message names all three so nothing half-applied goes unsaid.
    /// </summary>
    public sealed class PartialChangeException : HostCommandException
    {
        public PartialChangeException(CommandResult failed, IReadOnlyList<CommandResult> applied, IReadOnlyList<string> notRun)
            : base(failed)
        {
            Applied = applied;
            NotRun = notRun;
        }

        public IReadOnlyList<CommandResult> Applied { get; }
        public IReadOnlyList<string> NotRun { get; }

        public override string Message
        {
            get
            {
                var text = base.Message;
                text += Applied.Count == 0
                    ? " Nothing was changed before it."
                    : " Already applied on the host (not rolled back): " + string.Join("; ", Applied.Select(a => Shorten(a.CommandLine, 300))) + ".";
                if (NotRun.Count > 0) text += " Not run: " + string.Join("; ", NotRun.Select(n => Shorten(n, 300))) + ".";
                return text;
            }
        }
    }

    /// <summary>The host could not be reached or the session could not be opened (SSH connect, authentication).</summary>
    public sealed class HostConnectionException : Exception
    {
        public HostConnectionException(string host, string message, Exception? inner = null)
            : base($"Cannot reach host '{host}': {message}", inner)
        {
            Host = host;
        }

        public string Host { get; }
    }

    /// <summary>The host presented a key we do not trust. Carries the fingerprint it presented.</summary>
    public sealed class HostKeyException : Exception
    {
        public HostKeyException(string host, string presentedFingerprint, string message)
            : base(message)
        {
            Host = host;
            PresentedFingerprint = presentedFingerprint;
        }

        public string Host { get; }
        public string PresentedFingerprint { get; }
    }

    /// <summary>
    /// The session can no longer reach its host: its network namespace is gone or its SSH connection was lost.
    /// A new session is needed (New-XHostSession); XHostNet does not silently reconnect a session that was lost.
    /// </summary>
    public sealed class SessionClosedException : Exception
    {
        public SessionClosedException(string host, string reason)
            : base($"The session to '{host}' is closed: {reason}. Open a new one with New-XHostSession.")
        {
            Host = host;
        }

        public string Host { get; }
    }
}
