namespace XHostNet.Linux
{
    /// <summary>How an address move ended on its host, and what the caller could learn about it.</summary>
    public sealed class AddressMoveResult
    {
        public AddressMoveResult(AddressMoveOutcome outcome, string log, LinuxBridge? bridge, string? unreachable, string? originalSessionProblem)
        {
            Outcome = outcome;
            Log = log;
            Bridge = bridge;
            Unreachable = unreachable;
            OriginalSessionProblem = originalSessionProblem;
        }

        public AddressMoveOutcome Outcome { get; }
        /// <summary>The watchdog's log: each command that failed, with its exit status and message; empty when none did.</summary>
        public string Log { get; }
        /// <summary>The bridge as the host reports it after a confirmed move; null otherwise.</summary>
        public LinuxBridge? Bridge { get; }
        /// <summary>Why no new connection could confirm in time (the last connection error), when that was the case.</summary>
        public string? Unreachable { get; }
        /// <summary>Null when the session that started the move still runs commands (checked after a move that did not stay).</summary>
        public string? OriginalSessionProblem { get; }
    }
}
