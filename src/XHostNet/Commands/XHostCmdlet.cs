using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using XHostNet.Execution;
using XHostNet.Planning;
using XHostNet.PowerShell;
using XHostNet.Sessions;

namespace XHostNet.Commands
{
    /// <summary>
    /// Base of every XHostNet cmdlet: runs work on several hosts in parallel, honours Ctrl+C, asks
    /// ShouldProcess once per host with the exact commands, and turns core exceptions into ErrorRecords.
    /// </summary>
    public abstract class XHostCmdlet : PSCmdlet
    {
        private static readonly XHostSession LocalSession = new XHostSession();
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();

        protected CancellationToken StopToken => _stopping.Token;

        /// <summary>The runspace this cmdlet runs in: sessions are registered per runspace.</summary>
        protected static Guid RunspaceScope => System.Management.Automation.Runspaces.Runspace.DefaultRunspace?.InstanceId ?? Guid.Empty;

        protected override void StopProcessing() => _stopping.Cancel();

        /// <summary>The sessions given, or the local machine when none were.</summary>
        protected static IReadOnlyList<XHostSession> SessionsOrLocal(XHostSession[]? sessions) =>
            sessions is { Length: > 0 } ? sessions : new[] { LocalSession };

        /// <summary>Runs the work on every item (usually one per host) at once; outcomes come back in input order.</summary>
        protected IReadOnlyList<Outcome<TItem, T>> OnEach<TItem, T>(IEnumerable<TItem> items, Func<TItem, CancellationToken, Task<T>> work) =>
            Await(Concurrently.RunEachAsync(items, work, StopToken));

        /// <summary>Waits for core work started with <see cref="StopToken"/>; a stop (Ctrl+C) ends the pipeline as PowerShell expects.</summary>
        protected static T Await<T>(Task<T> task)
        {
            try
            {
                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <inheritdoc cref="Await{T}(Task{T})"/>
        protected static void Await(Task task)
        {
            try
            {
                task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <summary>
        /// Writes a core exception as a non-terminating error. <paramref name="target"/> follows the one TargetObject
        /// rule (see <see cref="ErrorRecords"/>): the item being worked on, or the host's session for a host's failure.
        /// </summary>
        protected void WriteHostError(Exception error, object target) => WriteError(ErrorRecords.From(error, target));

        /// <summary>This runspace's sessions with the given ids; each id with no session is a SessionNotFound error.</summary>
        protected IReadOnlyList<XHostSession> RegisteredSessionsById(IEnumerable<int> ids)
        {
            var registered = SessionRegistry.All(RunspaceScope);
            var found = new List<XHostSession>();
            foreach (var id in ids)
            {
                var match = registered.FirstOrDefault(s => s.Id == id);
                if (match != null) found.Add(match);
                else WriteError(new ErrorRecord(new ItemNotFoundException($"There is no session with Id {id}."), ErrorIds.SessionNotFound, ErrorCategory.ObjectNotFound, id));
            }
            return found;
        }

        /// <summary>
        /// Writes the items whose name matches any of the patterns (all items when none are given), as Get-Item
        /// does: a plain name that matches nothing is an ObjectNotFound error, a wildcard that matches nothing is not.
        /// </summary>
        protected void WriteMatching<T>(IReadOnlyList<T> items, string[]? names, Func<T, string> nameOf, WildcardOptions options,
            string errorId, Func<string, string> notFoundMessage)
        {
            if (names is null)
            {
                WriteObject(items, enumerateCollection: true);
                return;
            }
            foreach (var name in names)
            {
                var pattern = new WildcardPattern(name, options);
                var matches = items.Where(i => pattern.IsMatch(nameOf(i))).ToList();
                if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
                    WriteError(new ErrorRecord(new ItemNotFoundException(notFoundMessage(name)), errorId, ErrorCategory.ObjectNotFound, name));
                WriteObject(matches, enumerateCollection: true);
            }
        }

        /// <summary>
        /// Read → plan → ShouldProcess → apply → read back, on every host in parallel. Hosts already as asked
        /// are reported (verbose) and their current object written; -WhatIf prints each host's commands and stops.
        /// Returns the hosts that are as asked now (already, or by their change), for a step that must follow a host's change.
        /// </summary>
        protected IReadOnlyList<XHostSession> PlanAndApply<T>(IReadOnlyList<XHostSession> sessions, string action,
            Func<XHostSession, CancellationToken, Task<ChangePlan<T>>> plan, bool writeResult) where T : class
        {
            var done = new List<XHostSession>();
            var approved = new List<ChangePlan<T>>();
            foreach (var outcome in OnEach(sessions, plan))
            {
                if (outcome.Error != null)
                {
                    WriteHostError(outcome.Error, outcome.Item);
                    continue;
                }
                var p = outcome.Value;
                foreach (var warning in p.Warnings) WriteWarning(warning);
                if (p.IsEmpty)
                {
                    WriteVerbose($"{action} {p.Target} on host '{p.Session.Host}': already as asked, nothing to change.");
                    done.Add(p.Session);
                    if (writeResult && p.Current != null) WriteObject(p.Current);
                    continue;
                }
                var commands = p.Describe();
                if (ShouldProcess($"{action} {p.Target}. {commands}", $"{action} {p.Target}? {commands}", action))
                    approved.Add(p);
            }
            foreach (var outcome in OnEach(approved, (p, ct) => p.ApplyAsync(ct)))
            {
                if (outcome.Error != null)
                {
                    WriteHostError(outcome.Error, outcome.Item.Session);
                    continue;
                }
                done.Add(outcome.Item.Session);
                if (writeResult && outcome.Value != null) WriteObject(outcome.Value);
            }
            return done;
        }
    }
}
