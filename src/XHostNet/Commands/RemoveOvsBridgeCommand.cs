using System.Management.Automation;
using XHostNet.Ovs;
using XHostNet.Planning;
using XHostNet.PowerShell;
using XHostNet.Sessions;

namespace XHostNet.Commands
{
    /// <summary>Remove-OvsBridge: deletes an Open vSwitch bridge and its ports (ovs-vsctl --if-exists del-br).</summary>
    [Cmdlet(VerbsCommon.Remove, "OvsBridge", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveOvsBridgeCommand : HostCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateInterfaceName]
        [ArgumentCompleter(typeof(OvsBridgeNameCompleter))]
        public string Name { get; set; } = "";

        protected override void ProcessRecord() =>
            PlanAndApply(Sessions, "Remove", async (session, ct) =>
                OvsBridgePlanner.PlanRemove(await HostNetworkState.ReadAsync(session, OvsNeed.Required, ct).ConfigureAwait(false), Name),
                writeResult: false);
    }
}
