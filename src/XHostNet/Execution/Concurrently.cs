using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace XHostNet.Execution
{
    /// <summary>Work on several items at once (hosts, pairs to test), where one item's failure is that item's outcome, not the run's.</summary>
    public static class Concurrently
    {
        /// <summary>
        /// Runs <paramref name="work"/> on every item, at most <paramref name="throttleLimit"/> at a time (null: all at
        /// once), calling <paramref name="finished"/> as each one ends; the outcomes come back in input order. An
        /// exception becomes its item's outcome, except the cancellation asked for through
        /// <paramref name="cancellationToken"/>, which ends the run (OperationCanceledException).
        /// </summary>
        public static async Task<IReadOnlyList<Outcome<TItem, T>>> RunEachAsync<TItem, T>(IEnumerable<TItem> items,
            Func<TItem, CancellationToken, Task<T>> work, CancellationToken cancellationToken, int? throttleLimit = null, Action? finished = null)
        {
            using var throttle = throttleLimit is int limit ? new SemaphoreSlim(limit) : null;
            var tasks = items.Select(async item =>
            {
                if (throttle != null) await throttle.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    return new Outcome<TItem, T>(item, await work(item, cancellationToken).ConfigureAwait(false), null);
                }
                catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
                {
                    return new Outcome<TItem, T>(item, default!, ex);
                }
                finally
                {
                    throttle?.Release();
                    finished?.Invoke();
                }
            }).ToList();
            return await Task.WhenAll(tasks).ConfigureAwait(false);
        }
    }
}
