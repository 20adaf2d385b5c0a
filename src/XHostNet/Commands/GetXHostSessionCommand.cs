using System.Linq;
using System.Management.Automation;
using XHostNet.PowerShell;
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
        [ArgumentCompleter(typeof(SessionCompleter))]
        public string[]? Name { get; set; }

        [Parameter(ParameterSetName = "Id", Mandatory = true)]
        public int[] Id { get; set; } = System.Array.Empty<int>();

        protected override void ProcessRecord()
        {
            if (ParameterSetName == "Id")
            {
                WriteObject(RegisteredSessionsById(Id), enumerateCollection: true);
                return;
            }
            WriteMatching(SessionRegistry.All(RunspaceScope), Name, s => s.SessionName, WildcardOptions.IgnoreCase, ErrorIds.SessionNotFound, name => $"There is no session named '{name}'.");
        }
    }
}
