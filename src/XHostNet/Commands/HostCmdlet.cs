using System.Collections.Generic;
using System.Management.Automation;
using XHostNet.PowerShell;
using XHostNet.Sessions;

namespace XHostNet.Commands
{
    /// <summary>
    /// Base of every cmdlet that works on hosts: declares -Session once, so it binds the same way everywhere.
    /// The rule: -Session is a named parameter that also takes pipeline input by property name, and never by
    /// value. Every object XHostNet writes has a Session property (a session's own Session is itself), so a piped
    /// bridge, tunnel, route, daemon status or session carries its host into the next cmdlet, while a piped
    /// string or address binds to the cmdlet's own item parameter (-Name, -Destination …) and never to -Session.
    /// Leaving -Session out means the local machine; -Session $null or an empty list is refused at binding
    /// (see <see cref="SessionArgumentAttribute"/>), because an empty variable must not silently mean "here".
    /// </summary>
    public abstract class HostCmdlet : XHostCmdlet
    {
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [SessionArgument]
        [ArgumentCompleter(typeof(SessionCompleter))]
        public XHostSession[]? Session { get; set; }

        /// <summary>The sessions given with -Session (or bound from the pipeline), or the local machine when none were.</summary>
        protected IReadOnlyList<XHostSession> Sessions => SessionsOrLocal(Session);
    }
}
