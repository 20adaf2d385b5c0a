using System.Management.Automation;
using XHostNet.Linux;

namespace XHostNet.Commands
{
    /// <summary>Remove-LinuxBridgePort: releases interfaces from a bridge (brctl delif); the interfaces stay.</summary>
    [Cmdlet(VerbsCommon.Remove, "LinuxBridgePort", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(LinuxBridge))]
    public sealed class RemoveLinuxBridgePortCommand : BridgePortCmdlet
    {
        protected override void ProcessRecord() =>
            PlanAndApply("Remove port from", async (session, ct) =>
                LinuxBridgePlanner.PlanRemovePorts(session, await LinkReader.ReadLinksAsync(session, ct).ConfigureAwait(false), Bridge, Interface));
    }
}
