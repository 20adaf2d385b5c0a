using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using XHostNet.Linux;

namespace XHostNet.PowerShell
{
    /// <summary>Completes bridge names from the host of the -Session already typed (the local machine otherwise).</summary>
    public sealed class BridgeNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var session = Completion.SessionOf(fakeBoundParameters);
            var bridges = Completion.Ask(ct => LinkReader.ReadBridgesAsync(session, ct));
            return Completion.Matching(bridges.Select(b => (b.Name, $"{b.Name} ({b.AdminState}, {string.Join(", ", b.Addresses)})")), wordToComplete);
        }
    }
}
