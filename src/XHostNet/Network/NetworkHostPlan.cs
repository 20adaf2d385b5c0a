using System;
using System.Collections.Generic;
using System.Linq;
using XHostNet.Execution;
using XHostNet.Linux;
using XHostNet.Planning;
using XHostNet.Sessions;

namespace XHostNet.Network
{
    /// <summary>
    /// One host's whole change for a network: one batch of commands (with the record's write), and what it amounts to;
    /// in SharedLan mode first the NIC's move into br0 (Connect) or back out of it (Disconnect) by the host's watchdog,
    /// which the batch waits for to be confirmed.
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
        /// <summary>The NIC's move (or release), started and confirmed before <see cref="Plan"/> runs; null when there is none to make.</summary>
        public AddressMovePlan? Move { get; }
        public bool IsEmpty => Plan.IsEmpty && Move is null;

        /// <summary>
        /// The whole change as one plan for the cmdlets' read → plan → ShouldProcess → apply path: with a move, its one
        /// command starts the watchdog, and its read-back confirms the move over a new connection and only then runs the
        /// batch. A move that did not stay throws before the batch, so the host is as it was and its record stays.
        /// </summary>
        public ChangePlan<HostNetworkState> ToChangePlan()
        {
            if (Move is null) return Plan;
            var move = Move;
            var plan = new ChangePlan<HostNetworkState>(Session, Plan.Target, new[] { move.LaunchCommand }, Plan.Current);
            plan.Warnings.AddRange(Plan.Warnings);
            plan.Details.AddRange(move.Details);
            plan.Details.Add("Once a new connection confirmed the move, in one batch:");
            plan.Details.AddRange(Plan.Commands.Select(ShellQuoting.Join));
            plan.Details.AddRange(Plan.Details);
            return plan.WithAsyncReadBack(async ct =>
            {
                try
                {
                    move.EnsureConfirmed(await move.ConfirmAsync(ct).ConfigureAwait(false));
                }
                catch (XHostException ex) when (ex.ErrorId == ErrorIds.AddressMoveRolledBack || ex.ErrorId == ErrorIds.AddressMoveFailed)
                {
                    throw new XHostException(ex.Kind, ex.ErrorId, ex.Message + " Nothing else was changed on the host, and the network's record stays.");
                }
                return await Plan.ApplyAsync(ct).ConfigureAwait(false) ?? Plan.Current!;
            });
        }

        /// <summary>What -WhatIf shows: the watchdog's launch with what it moves and restores, then the batch that follows its confirmation.</summary>
        public string Describe() => Move is null ? Plan.Describe()
            : Move.ToChangePlan().Describe() + Environment.NewLine + "Once a new connection confirmed the move:" + Environment.NewLine + Plan.Describe();
    }
}
