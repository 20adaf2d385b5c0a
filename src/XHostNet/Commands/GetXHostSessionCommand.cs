using System.Linq;
using System.Management.Automation;
using XHostNet.Sessions;

namespace XHostNet.Commands
{
    /// <summary>Get-XHostSession: the sessions made with New-XHostSession in this PowerShell process.</summary>
    [Cmdlet(VerbsCommon.Get, "XHostSession", DefaultParameterSetName = "Name")]
    [OutputType(typeof(XHostSession))]
    public sealed class GetXHostSessionCommand : XHostCmdlet
    {
        [Parameter(ParameterSetName = "Name", Position = 0)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        [Parameter(ParameterSetName = "Id", Mandatory = true)]
        public int[] Id { get; set; } = System.Array.Empty<int>();

        protected override void ProcessRecord()
        {
            var sessions = SessionRegistry.All(RunspaceScope);
            if (ParameterSetName == "Id")
            {
                foreach (var id in Id)
                {
                    var match = sessions.FirstOrDefault(s => s.Id == id);
                    if (match != null) WriteObject(match);
                    else WriteError(new ErrorRecord(new ItemNotFoundException($"There is no session with Id {id}."), "SessionNotFound", ErrorCategory.ObjectNotFound, id));
                }
                return;
            }
            WriteMatching(sessions, Name, s => s.SessionName, WildcardOptions.IgnoreCase, "SessionNotFound", name => $"There is no session named '{name}'.");
        }
    }
}
