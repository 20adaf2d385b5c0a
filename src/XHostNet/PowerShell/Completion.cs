using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using XHostNet.Sessions;

namespace XHostNet.PowerShell
{
    /// <summary>What the completers share: the host of the -Session already typed, and a safe, quick way to ask it.</summary>
    internal static class Completion
    {
        /// <summary>The session a completion asks: the first of -Session as typed so far (by object, name or id), else this machine.</summary>
        public static XHostSession SessionOf(IDictionary fakeBoundParameters)
        {
            var value = fakeBoundParameters.Contains("Session") ? fakeBoundParameters["Session"] : null;
            var first = value is object[] many ? many.FirstOrDefault() : value is XHostSession[] array ? array.FirstOrDefault() : value;
            try
            {
                return SessionArgumentAttribute.Resolve(first is PSObject p ? p.BaseObject : first) ?? new XHostSession();
            }
            catch (ArgumentTransformationMetadataException)
            {
                return new XHostSession();
            }
        }

        /// <summary>Runs a read on a host for a completion: at most a few seconds, and never an exception at the user.</summary>
        public static IReadOnlyList<T> Ask<T>(Func<CancellationToken, Task<IReadOnlyList<T>>> read)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                return read(timeout.Token).GetAwaiter().GetResult();
            }
            catch (Exception)
            {
                return Array.Empty<T>();
            }
        }

        /// <summary>The candidates that start with what was typed (quotes stripped), as completion results, quoted where needed.</summary>
        public static IEnumerable<CompletionResult> Matching(IEnumerable<(string Value, string ToolTip)> candidates, string? wordToComplete)
        {
            var pattern = new WildcardPattern(WildcardPattern.Escape((wordToComplete ?? "").Trim('\'', '"')) + "*", WildcardOptions.IgnoreCase);
            return candidates.Where(c => pattern.IsMatch(c.Value)).OrderBy(c => c.Value, StringComparer.OrdinalIgnoreCase)
                .Select(c => new CompletionResult(Quote(c.Value), c.Value, CompletionResultType.ParameterValue, c.ToolTip)).ToList();
        }

        private static string Quote(string value) =>
            value.All(ch => char.IsLetterOrDigit(ch) || ch == '-' || ch == '_' || ch == '.' || ch == ':' || ch == '/') ? value : "'" + value.Replace("'", "''") + "'";
    }
}
