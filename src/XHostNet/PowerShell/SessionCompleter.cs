using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;
using XHostNet.Sessions;

namespace XHostNet.PowerShell
{
    /// <summary>Completes -Session (and Get-XHostSession -Name) with the names of this runspace's sessions; a number typed completes ids.</summary>
    public sealed class SessionCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var sessions = SessionRegistry.All(Runspace.DefaultRunspace?.InstanceId ?? Guid.Empty);
            var typed = (wordToComplete ?? "").Trim('\'', '"');
            var byId = typed.Length > 0 && typed.All(char.IsDigit);
            return Completion.Matching(sessions.Select(s =>
                (byId ? s.Id.ToString(CultureInfo.InvariantCulture) : s.SessionName, $"{s.Id}: {s.SessionName} ({s.Host}{(s.IsOpen ? "" : ", closed")})")), typed);
        }
    }
}
