using System.Management.Automation;
using XHostNet.Linux;
using XHostNet.PowerShell;
using XHostNet.Sessions;

namespace XHostNet.Commands
{
    /// <summary>Remove-LinuxBridge: deletes a Linux bridge (its ports are released, not deleted).</summary>
    [Cmdlet(VerbsCommon.Remove, "LinuxBridge", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveLinuxBridgeCommand : HostCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [NotSessionArgument]
        [ValidateInterfaceName]
        [ArgumentCompleter(typeof(BridgeNameCompleter))]
        public string Name { get; set; } = "";

        protected override void ProcessRecord() =>
            PlanAndApply(Sessions, "Remove", async (session, ct) =>
                LinuxBridgePlanner.PlanRemove(session, await LinkReader.ReadLinksAsync(session, ct).ConfigureAwait(false), Name),
                writeResult: false);
    }
}
