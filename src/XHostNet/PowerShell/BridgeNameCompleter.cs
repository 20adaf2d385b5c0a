using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using XHostNet.Linux;
using XHostNet.Sessions;

namespace XHostNet.PowerShell
{
    /// <summary>Completes bridge names from the host of the -Session already typed (the local machine otherwise).</summary>
    public sealed class BridgeNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var session = (fakeBoundParameters["Session"] is var s && s is PSObject pso ? pso.BaseObject : s) switch
            {
                XHostSession one => one,
                object[] many when many.Length > 0 => (many[0] is PSObject p ? p.BaseObject : many[0]) as XHostSession,
                XHostSession[] array when array.Length > 0 => array[0],
                _ => null,
            } ?? new XHostSession();
            IReadOnlyList<LinuxBridge> bridges;
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                bridges = LinkReader.ReadBridgesAsync(session, timeout.Token).GetAwaiter().GetResult();
            }
            catch (Exception)
            {
                return Array.Empty<CompletionResult>(); // completion must never throw at the user
            }
            var pattern = new WildcardPattern((wordToComplete ?? "").Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
            return bridges.Where(b => pattern.IsMatch(b.Name))
                .Select(b => new CompletionResult(b.Name, b.Name, CompletionResultType.ParameterValue,
                    $"{b.Name} ({b.AdminState}, {string.Join(", ", b.Addresses)})"))
                .ToList();
        }
    }
}
