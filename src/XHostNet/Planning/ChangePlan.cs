using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using XHostNet.Execution;
using XHostNet.Sessions;

namespace XHostNet.Planning
{
    /// <summary>
    /// The commands that take one host from what it reports to what was asked, and how to read the result back.
    /// An empty plan means the host is already as asked: re-running changes nothing.
    /// </summary>
    public sealed class ChangePlan<T> where T : class
    {
        public ChangePlan(XHostSession session, string target, IReadOnlyList<IReadOnlyList<string>> commands, T? current)
        {
            Session = session;
            Target = target;
            Commands = commands;
            Current = current;
        }

        public XHostSession Session { get; }
        /// <summary>What the change is about, e.g. "bridge br0".</summary>
        public string Target { get; }
        public IReadOnlyList<IReadOnlyList<string>> Commands { get; }
        /// <summary>The object as the host reports it now (null when it does not exist yet).</summary>
        public T? Current { get; }
        public List<string> Warnings { get; } = new List<string>();
        public bool IsEmpty => Commands.Count == 0;

        /// <summary>Read commands appended to the change batch, and the parser of their results; none for removals.</summary>
        public IReadOnlyList<IReadOnlyList<string>> ReadBackCommands { get; private set; } = Array.Empty<IReadOnlyList<string>>();
        private Func<IReadOnlyList<CommandResult>, T>? _readBackParser;

        /// <summary>
        /// Commands that undo this plan when it fails part-way or its read-back shows a change that does not work
        /// (e.g. deleting a port that was just added). Without them a failure is reported as left in place.
        /// </summary>
        public IReadOnlyList<IReadOnlyList<string>> RollbackCommands { get; set; } = Array.Empty<IReadOnlyList<string>>();

        /// <summary>The error id and a hint for a failed change that was undone, when the failing command alone would not say what went wrong.</summary>
        public string? FailureErrorId { get; set; }
        public string? FailureHint { get; set; }
        /// <summary>Turns a failed command into a clearer error when the tool's failure is a known one (e.g. OVS database down).</summary>
        public Func<CommandResult, XHostException?>? ExplainFailure { get; set; }
        /// <summary>
        /// Whether a failed command may still have taken effect, so the undo must run even though nothing before it
        /// succeeded (ovs-vsctl timing out on ovs-vswitchd after its database transaction committed).
        /// </summary>
        public Func<CommandResult, bool>? FailureMayHaveApplied { get; set; }

        public ChangePlan<T> WithReadBack(IReadOnlyList<IReadOnlyList<string>> commands, Func<IReadOnlyList<CommandResult>, T> parser)
        {
            ReadBackCommands = commands;
            _readBackParser = parser;
            return this;
        }

        /// <summary>A read-back that needs round trips of its own after the change (e.g. waiting for a restarted daemon's state).</summary>
        public ChangePlan<T> WithAsyncReadBack(Func<CancellationToken, Task<T>> readBack)
        {
            _asyncReadBack = readBack;
            return this;
        }

        private Func<CancellationToken, Task<T>>? _asyncReadBack;

        /// <summary>How long the undo of a stopped change may take: a stop must not wait on a host that no longer answers.</summary>
        public static readonly TimeSpan StopUndoLimit = TimeSpan.FromSeconds(10);

        /// <summary>The time limit of the change batch when the session's command timeout is too short for it (a daemon restart).</summary>
        public TimeSpan? Timeout { get; set; }

        public ChangePlan<T> WithReadBack(IReadOnlyList<string> command, Func<string, T> parser) =>
            WithReadBack(new[] { command }, results => parser(results[0].EnsureSuccess().StandardOutput));

        /// <summary>Lines -WhatIf shows after the commands, for what a command line cannot show readably (a file's new content).</summary>
        public List<string> Details { get; } = new List<string>();

        /// <summary>The plan as -WhatIf shows it: the host, then one exact command per line, then any details as comments.</summary>
        public string Describe() =>
            $"On host '{Session.Host}':" + string.Concat(Commands.Select(c => Environment.NewLine + "    " + ShellQuoting.Join(c))) +
            string.Concat(Details.Select(d => Environment.NewLine + "    # " + d));

        /// <summary>
        /// Applies the plan in one round trip (the changes, then the read-back), stopping at the first failure,
        /// and returns the object as the host now reports it. A failed change with rollback commands is undone.
        /// </summary>
        public async Task<T?> ApplyAsync(CancellationToken cancellationToken)
        {
            if (IsEmpty) return Current;
            // Stopped before it began: nothing ran, so there is nothing to undo.
            cancellationToken.ThrowIfCancellationRequested();
            BatchResult result;
            try
            {
                result = await Session.RunChangeBatchAsync(Commands, ReadBackCommands, cancellationToken, Timeout).ConfigureAwait(false);
            }
            // Stopped part-way (Ctrl+C): which changes ran is unknown, so the undo runs as for a change that failed
            // part-way (undo commands tolerate what never ran), within a short limit, and the stop goes on.
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && RollbackCommands.Count > 0)
            {
                try
                {
                    await Session.RunBatchAsync(RollbackCommands, stopOnError: false, CancellationToken.None, StopUndoLimit).ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // Whatever kept the undo from running (a lost connection): nothing can be written once the pipeline
                    // has stopped, and the stop itself is what the caller must hear of.
                }
                throw;
            }
            try
            {
                // A failing read-back command is not a failed change; only the change commands decide.
                result.EnsureSuccess(Commands.Count);
                if (_asyncReadBack != null) return await _asyncReadBack(cancellationToken).ConfigureAwait(false);
                if (_readBackParser is null) return null;
                return _readBackParser(result.Results.Skip(Commands.Count).ToList());
            }
            // Undo when something was changed: a change that read back as not working, or one that failed part-way.
            catch (Exception failure) when (RollbackCommands.Count > 0 && (failure is XHostException ||
                failure is PartialChangeException p && (p.Applied.Count > 0 || FailureMayHaveApplied?.Invoke(p.Result) == true)))
            {
                throw await RollBackAsync(failure, cancellationToken).ConfigureAwait(false);
            }
            catch (HostCommandException failure) when (ExplainFailure?.Invoke(failure.Result) is XHostException explained)
            {
                throw new XHostException(explained.Kind, explained.ErrorId, Sentence(explained.Message) + " " + failure.Message);
            }
        }

        private async Task<Exception> RollBackAsync(Exception failure, CancellationToken cancellationToken)
        {
            var undo = await Session.RunBatchAsync(RollbackCommands, stopOnError: false, CancellationToken.None).ConfigureAwait(false);
            if (failure is HostCommandException failed && ExplainFailure?.Invoke(failed.Result) is XHostException explained) failure = explained;
            var id = failure is XHostException x ? x.ErrorId : FailureErrorId ?? ErrorIds.HostChangeFailed;
            // A long undo (a file write's script) is cut as a failed command's line is; the whole command is on the plan.
            var commands = string.Join("; ", RollbackCommands.Select(c => HostCommandException.Shorten(ShellQuoting.Join(c), 300)));
            var undoFailed = undo.Results.Where(r => !r.Succeeded).ToList();
            var outcome = undoFailed.Count == 0
                ? $" The change was undone on host '{Session.Host}' ({commands})."
                : $" Undoing it failed too, so the host '{Session.Host}' may be left half-changed: " +
                  string.Join("; ", undoFailed.Select(r => $"{HostCommandException.Shorten(r.CommandLine, 300)} → exit {r.ExitCode}" + (r.StandardError.Trim().Length > 0 ? ": " + r.StandardError.Trim() : "")));
            var hint = failure is XHostException || FailureHint is null ? "" : " " + FailureHint;
            // A failed command's own message says "not rolled back"; here it was, so say what failed in plain words.
            var what = failure is HostCommandException c
                ? $"{HostCommandException.Shorten(c.Result.CommandLine, 300)} failed on host '{Session.Host}' (exit {c.Result.ExitCode})" +
                  (c.Result.StandardError.Trim().Length > 0 ? ": " + c.Result.StandardError.Trim() : "")
                : failure.Message;
            return new XHostException(XHostErrorKind.Failed, id, Sentence(what) + hint + outcome);
        }

        private static string Sentence(string text)
        {
            var trimmed = text.TrimEnd();
            // A closing parenthesis ends a clause, not a sentence: "… (exit 124)" still needs its full stop.
            return trimmed.Length == 0 || ".!?".IndexOf(trimmed[trimmed.Length - 1]) >= 0 ? trimmed : trimmed + ".";
        }
    }
}
