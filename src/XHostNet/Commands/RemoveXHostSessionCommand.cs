using System.Linq;
using System.Management.Automation;
using XHostNet.PowerShell;
using XHostNet.Sessions;

namespace XHostNet.Commands
{
    /// <summary>Remove-XHostSession: closes sessions (SSH connections) and forgets them. Hosts are not changed.</summary>
    [Cmdlet(VerbsCommon.Remove, "XHostSession", DefaultParameterSetName = "Session", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(void))]
    public sealed class RemoveXHostSessionCommand : XHostCmdlet
    {
        // Bound from the pipeline as on every cmdlet (by property name: a session's Session is itself); mandatory
        // here, as leaving it out cannot mean the local machine.
        [Parameter(ParameterSetName = "Session", Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [SessionArgument]
        [ArgumentCompleter(typeof(SessionCompleter))]
        public XHostSession[] Session { get; set; } = System.Array.Empty<XHostSession>();

        [Parameter(ParameterSetName = "Id", Mandatory = true)]
        public int[] Id { get; set; } = System.Array.Empty<int>();

        protected override void ProcessRecord()
        {
            var registered = SessionRegistry.All(RunspaceScope);
            var sessions = ParameterSetName == "Id" ? RegisteredSessionsById(Id) : Session;
            foreach (var session in sessions)
            {
                if (!registered.Contains(session))
                {
                    // e.g. the local session cmdlets use when no -Session is given: it is shared and stays open.
                    WriteError(new ErrorRecord(new System.InvalidOperationException(
                            $"Session '{session.Host}' was not made with New-XHostSession in this runspace, so it is not removed here."),
                        ErrorIds.SessionNotRegistered, ErrorCategory.InvalidOperation, session));
                    continue;
                }
                if (ShouldProcess($"session {session.Id} ({session.Host})", "Close"))
                    SessionRegistry.Remove(session);
            }
        }
    }
}
