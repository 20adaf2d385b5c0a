using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace XHostNet.Execution
{
    /// <summary>What a batch did: the results of the commands that ran, and the commands that did not.</summary>
    public sealed class BatchResult
    {
        public BatchResult(IReadOnlyList<CommandResult> results, IReadOnlyList<IReadOnlyList<string>> notRun)
        {
            Results = results;
            NotRun = notRun;
        }

        public IReadOnlyList<CommandResult> Results { get; }
        public IReadOnlyList<IReadOnlyList<string>> NotRun { get; }
        public bool Succeeded => NotRun.Count == 0 && Results.All(r => r.Succeeded);

        /// <summary>Throws <see cref="PartialChangeException"/> naming what ran, what failed and what did not run.</summary>
        public BatchResult EnsureSuccess() => EnsureSuccess(Results.Count + NotRun.Count);

        /// <summary>Throws when one of the first <paramref name="changeCount"/> commands (the changes) failed; later ones are reads.</summary>
        public BatchResult EnsureSuccess(int changeCount)
        {
            var all = Results.Select(r => r.Command).Concat(NotRun).ToList();
            var failed = Results.Take(changeCount).FirstOrDefault(r => !r.Succeeded);
            if (failed != null)
            {
                var applied = Results.TakeWhile(r => r != failed).ToList();
                var notRun = all.Skip(applied.Count + 1).Take(changeCount - applied.Count - 1).Select(ShellQuoting.Join).ToList();
                throw new PartialChangeException(failed, applied, notRun);
            }
            return this;
        }
    }
}
