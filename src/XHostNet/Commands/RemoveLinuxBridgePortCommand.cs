using System.Management.Automation;
using XHostNet.Linux;
using XHostNet.PowerShell;
using XHostNet.Sessions;

namespace XHostNet.Commands
{
    /// <summary>Remove-LinuxBridgePort: releases interfaces from a bridge (brctl delif); the interfaces stay.</summary>
    [Cmdlet(VerbsCommon.Remove, "LinuxBridgePort", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(LinuxBridge))]
    public sealed class RemoveLinuxBridgePortCommand : XHostCmdlet
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
        public SwitchParameter PassThru { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public XHostSession[]? Session { get; set; }

        protected override void ProcessRecord() =>
            PlanAndApply(SessionsOrLocal(Session), "Remove port from", async (session, ct) =>
                LinuxBridgePlanner.PlanRemovePorts(session, await LinkReader.ReadLinksAsync(session, ct).ConfigureAwait(false), Bridge, Interface),
                writeResult: PassThru);
    }
}
