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
}
