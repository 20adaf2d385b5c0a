using System;
using System.Collections.Generic;

namespace XHostNet.Execution
{
    /// <summary>What one command did on one host.</summary>
    public sealed class CommandResult
    {
        /// <summary>Exit status that coreutils' <c>timeout</c> uses when it had to stop the command.</summary>
        public const int TimeoutExitCode = 124;

        public CommandResult() { }

        public CommandResult(string host, IReadOnlyList<string> command, int exitCode, string standardOutput,
            string standardError, TimeSpan duration, bool timedOut = false)
        {
            Host = host;
            Command = command;
            ExitCode = exitCode;
            StandardOutput = standardOutput;
            StandardError = standardError;
            Duration = duration;
            TimedOut = timedOut;
        }

        public string Host { get; set; } = "";
        public IReadOnlyList<string> Command { get; set; } = Array.Empty<string>();
        public int ExitCode { get; set; }
        public string StandardOutput { get; set; } = "";
        public string StandardError { get; set; } = "";
        public TimeSpan Duration { get; set; }
        public bool TimedOut { get; set; }
        public bool Succeeded => ExitCode == 0 && !TimedOut;
        public string CommandLine => ShellQuoting.Join(Command);

        /// <summary>Throws <see cref="HostCommandException"/> unless the command exited 0.</summary>
        public CommandResult EnsureSuccess()
        {
            if (!Succeeded) throw new HostCommandException(this);
            return this;
        }

        public override string ToString() => $"[{Host}] {CommandLine} → exit {ExitCode}";
    }
}
