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

        /// <summary>Read command appended to the change batch, and its parser; none for removals.</summary>
        public IReadOnlyList<string>? ReadBackCommand { get; set; }
        public Func<string, T>? ReadBackParser { get; set; }

        /// <summary>The plan as -WhatIf shows it: the host, then one exact command per line.</summary>
        public string Describe() =>
            $"On host '{Session.Host}':" + string.Concat(Commands.Select(c => Environment.NewLine + "    " + ShellQuoting.Join(c)));

        /// <summary>
        /// Applies the plan in one round trip (the changes, then the read-back), stopping at the first failure,
        /// and returns the object as the host now reports it.
        /// </summary>
        public async Task<T?> ApplyAsync(CancellationToken cancellationToken)
        {
            if (IsEmpty) return Current;
            var batch = ReadBackCommand is null ? Commands : Commands.Concat(new[] { ReadBackCommand }).ToList();
            var result = await Session.RunBatchAsync(batch, stopOnError: true, cancellationToken).ConfigureAwait(false);
            result.EnsureSuccess();
            return ReadBackParser is null ? null : ReadBackParser(result.Results[result.Results.Count - 1].StandardOutput);
        }
    }
}
