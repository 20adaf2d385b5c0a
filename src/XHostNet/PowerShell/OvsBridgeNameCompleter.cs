using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using XHostNet.Ovs;
using XHostNet.Planning;

namespace XHostNet.PowerShell
{
    /// <summary>Completes Open vSwitch bridge names from the database of the host of the -Session already typed.</summary>
    public sealed class OvsBridgeNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var session = Completion.SessionOf(fakeBoundParameters);
            var bridges = Completion.Ask<OvsBridge>(async ct => OvsBridgePlanner.ReadBridges(await HostNetworkState.ReadAsync(session, OvsNeed.Required, ct).ConfigureAwait(false)));
            return Completion.Matching(bridges.Select(b => (b.Name, $"Open vSwitch bridge {b.Name}")), wordToComplete);
        }
    }
}
