using System;
using System.Collections.Generic;
using XHostNet.Linux;
using XHostNet.Planning;
using XHostNet.Sessions;

namespace XHostNet.Network
{
    /// <summary>
    /// One host's whole change for a network: one batch of commands (with the record's write), and what it amounts to;
    /// in SharedLan mode first the NIC's move into br0 by the host's watchdog, which the batch waits for to be confirmed.
    /// </summary>
    public sealed class NetworkHostPlan
    {
        public NetworkHostPlan(NetworkHostRead read, ChangePlan<HostNetworkState> plan, NetworkRecord? record, IReadOnlyList<string> changes, AddressMovePlan? move = null)
        {
            Move = move;
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
        /// <summary>The NIC's move, started and confirmed before <see cref="Plan"/> runs; null when there is none to make.</summary>
        public AddressMovePlan? Move { get; }
        public bool IsEmpty => Plan.IsEmpty && Move is null;

        /// <summary>What -WhatIf shows: the watchdog's launch with what it moves and restores, then the batch that follows its confirmation.</summary>
        public string Describe() => Move is null ? Plan.Describe()
            : Move.ToChangePlan().Describe() + Environment.NewLine + "Once a new connection confirmed the move:" + Environment.NewLine + Plan.Describe();
    }
}
