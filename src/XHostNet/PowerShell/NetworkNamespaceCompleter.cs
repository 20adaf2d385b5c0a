using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace XHostNet.PowerShell
{
    /// <summary>Completes -NetworkNamespace with this machine's named network namespaces (what ip netns list shows).</summary>
    public sealed class NetworkNamespaceCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string[] names;
            try
            {
                names = Directory.Exists("/run/netns") ? Directory.GetFiles("/run/netns").Select(Path.GetFileName).ToArray()! : Array.Empty<string>();
            }
            catch (Exception)
            {
                names = Array.Empty<string>();
            }
            return Completion.Matching(names.Select(n => (n, "network namespace " + n)), wordToComplete);
        }
    }
}
