using System.Collections.Generic;
using XHostNet.Planning;
using XHostNet.Sessions;

namespace XHostNet.Network
{
    /// <summary>One host's whole change for a network: one batch of commands (with the record's write), and what it amounts to.</summary>
    public sealed class NetworkHostPlan
    {
        public NetworkHostPlan(NetworkHostRead read, ChangePlan<HostNetworkState> plan, NetworkRecord? record, IReadOnlyList<string> changes)
        {
            Read = read;
            Plan = plan;
            Record = record;
            Changes = changes;
        }

        public NetworkHostRead Read { get; }
        public XHostSession Session => Read.Session;
        public ChangePlan<HostNetworkState> Plan { get; }
        /// <summary>The record as it will be after the change; null when the change removes the network.</summary>
        public NetworkRecord? Record { get; }
        /// <summary>One line per change, in plain words ("add route …", "write record …").</summary>
        public IReadOnlyList<string> Changes { get; }
        public bool IsEmpty => Plan.IsEmpty;
    }
}
