using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using XHostNet.Lab;
using XHostNet.Sessions;

namespace XHostNet.PowerShell
{
    /// <summary>Completes lab names with the labs on this machine (what Get-XHostLab lists).</summary>
    public sealed class LabNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var labs = Completion.Ask(ct => XHostLabReader.ReadAsync(new XHostSession(), ct));
            return Completion.Matching(labs.Select(l => (l.Name, $"lab {l.Name} ({(l.Alive ? "alive" : "partly down")})")), wordToComplete);
        }
    }
}
