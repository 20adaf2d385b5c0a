using System.Management.Automation;
using XHostNet.Linux;

namespace XHostNet.Commands
{
    /// <summary>Add-LinuxBridgePort: enslaves interfaces to a bridge (brctl addif) and brings them up; writes the bridge.</summary>
    [Cmdlet(VerbsCommon.Add, "LinuxBridgePort", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(LinuxBridge))]
    public sealed class AddLinuxBridgePortCommand : BridgePortCmdlet
    {
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord() =>
            PlanAndApply("Add port to", async (session, ct) =>
                LinuxBridgePlanner.PlanAddPorts(session, await LinkReader.ReadLinksAsync(session, ct).ConfigureAwait(false), Bridge, Interface, Force));
    }
}
