using System.Linq;
using System.Management.Automation;
using XHostNet.Sessions;

namespace XHostNet.Commands
{
    /// <summary>Remove-XHostSession: closes sessions (SSH connections) and forgets them. Hosts are not changed.</summary>
    [Cmdlet(VerbsCommon.Remove, "XHostSession", DefaultParameterSetName = "Session", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(void))]
    public sealed class RemoveXHostSessionCommand : XHostCmdlet
    {
        [Parameter(ParameterSetName = "Session", Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public XHostSession[] Session { get; set; } = System.Array.Empty<XHostSession>();

        [Parameter(ParameterSetName = "Id", Mandatory = true)]
        public int[] Id { get; set; } = System.Array.Empty<int>();

        protected override void ProcessRecord()
        {
            var sessions = ParameterSetName == "Id"
                ? Id.Select(id => SessionRegistry.All(RunspaceScope).FirstOrDefault(s => s.Id == id) ?? NotFound(id)).Where(s => s != null).ToArray()
                : Session;
            foreach (var session in sessions)
            {
                if (ShouldProcess($"session {session!.Id} ({session.Host})", "Close"))
                    SessionRegistry.Remove(session);
            }
        }

        private XHostSession? NotFound(int id)
        {
            WriteError(new ErrorRecord(new ItemNotFoundException($"There is no session with Id {id}."), "SessionNotFound", ErrorCategory.ObjectNotFound, id));
            return null;
        }
    }
}
