using System;

namespace XHostNet.Reachability
{
    /// <summary>A pair and what testing it gave: a result (a failed ping is a result too), or the error that stopped the test.</summary>
    public sealed class ReachabilityOutcome
    {
        public ReachabilityOutcome(ReachabilityPair pair, ReachabilityResult? result, Exception? error)
        {
            Pair = pair;
            Result = result;
            Error = error;
        }

        public ReachabilityPair Pair { get; }
        public ReachabilityResult? Result { get; }
        /// <summary>Why the pair could not be tested at all (the host did not answer, the container vanished, …).</summary>
        public Exception? Error { get; }
    }
}
