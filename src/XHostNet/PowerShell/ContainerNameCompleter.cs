using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using XHostNet.Docker;

namespace XHostNet.PowerShell
{
    /// <summary>Completes container names from the Docker engine of the -Session already typed (this machine otherwise).</summary>
    public sealed class ContainerNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var session = Completion.SessionOf(fakeBoundParameters);
            var rows = Completion.Ask<string>(async ct =>
            {
                var result = await session.RunAsync(DockerCli.Command(session, "ps", "-a", "--format", "{{.Names}}\t{{.Status}}"), ct, timeout: TimeSpan.FromSeconds(5)).ConfigureAwait(false);
                return result.Succeeded ? result.StandardOutput.Split(new[] { '\n' }, StringSplitOptions.RemoveEmptyEntries) : Array.Empty<string>();
            });
            return Completion.Matching(rows.Select(r => r.Split('\t')).Select(f => (f[0], f[0] + (f.Length > 1 ? " (" + f[1] + ")" : ""))), wordToComplete);
        }
    }
}
