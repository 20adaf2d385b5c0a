using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using XHostNet.Linux;

namespace XHostNet.PowerShell
{
    /// <summary>Completes interface names from the host of the -Session already typed (this machine otherwise).</summary>
    public sealed class InterfaceNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var session = Completion.SessionOf(fakeBoundParameters);
            var links = Completion.Ask(ct => LinkReader.ReadLinksAsync(session, ct));
            return Completion.Matching(links.Select(l => (l.Name, $"{l.Name} ({l.Kind ?? "link"}{(l.Master is null ? "" : ", in " + l.Master)})")), wordToComplete);
        }
    }
}
