using System.Management.Automation;
using XHostNet.Linux;
using XHostNet.PowerShell;
using XHostNet.Sessions;

namespace XHostNet.Commands
{
    /// <summary>Remove-LinuxBridge: deletes a Linux bridge (its ports are released, not deleted).</summary>
    [Cmdlet(VerbsCommon.Remove, "LinuxBridge", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveLinuxBridgeCommand : XHostCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateInterfaceName]
        [ArgumentCompleter(typeof(BridgeNameCompleter))]
        public string Name { get; set; } = "";

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [SessionArgument]
        [ArgumentCompleter(typeof(SessionCompleter))]
        public XHostSession[]? Session { get; set; }

        protected override void ProcessRecord() =>
            PlanAndApply(SessionsOrLocal(Session), "Remove", async (session, ct) =>
                LinuxBridgePlanner.PlanRemove(session, await LinkReader.ReadLinksAsync(session, ct).ConfigureAwait(false), Name),
                writeResult: false);
    }
}
