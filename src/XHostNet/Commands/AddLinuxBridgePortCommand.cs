using System.Management.Automation;
using XHostNet.Linux;
using XHostNet.PowerShell;
using XHostNet.Sessions;

namespace XHostNet.Commands
{
    /// <summary>Add-LinuxBridgePort: enslaves interfaces to a bridge (brctl addif) and brings them up; writes the bridge.</summary>
    [Cmdlet(VerbsCommon.Add, "LinuxBridgePort", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(LinuxBridge))]
    public sealed class AddLinuxBridgePortCommand : XHostCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [ValidateInterfaceName]
        [ArgumentCompleter(typeof(BridgeNameCompleter))]
        public string Bridge { get; set; } = "";

        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        [ValidateInterfaceName]
        public string[] Interface { get; set; } = System.Array.Empty<string>();

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public XHostSession[]? Session { get; set; }

        protected override void ProcessRecord() =>
            PlanAndApply(SessionsOrLocal(Session), "Add port to", async (session, ct) =>
                LinuxBridgePlanner.PlanAddPorts(session, await LinkReader.ReadLinksAsync(session, ct).ConfigureAwait(false), Bridge, Interface, Force),
                writeResult: true);
    }
}
