using System.Linq;
using System.Management.Automation;
using XHostNet.Ovs;
using XHostNet.Planning;
using XHostNet.PowerShell;
using XHostNet.Sessions;

namespace XHostNet.Commands
{
    /// <summary>New-OvsBridge: creates an Open vSwitch bridge (ovs-vsctl add-br), on the userspace datapath where the kernel has none.</summary>
    [Cmdlet(VerbsCommon.New, "OvsBridge", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(OvsBridge))]
    public sealed class NewOvsBridgeCommand : HostCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateInterfaceName]
        public string Name { get; set; } = "";

        [Parameter]
        [ValidateSet(OvsBridgePlanner.Kernel, OvsBridgePlanner.Userspace)]
        public string? DatapathType { get; set; }

        /// <summary>The MTU of the bridge's own device; for an overlay, at most the tunnel's OverlayMtu.</summary>
        [Parameter]
        [ValidateRange(68, 65535)]
        public int Mtu { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord() =>
            PlanAndApply(Sessions, "Create", async (session, ct) =>
            {
                var reads = HostNetworkState.ReadCommands(session, OvsNeed.Required);
                var batch = await session.RunBatchAsync(reads.Concat(OvsDaemon.KernelDatapathProbes).ToList(), stopOnError: false, ct).ConfigureAwait(false);
                var state = HostNetworkState.Parse(session, batch.Results, OvsNeed.Required);
                var kernelDatapath = batch.Results.Skip(reads.Count).Any(r => r.Succeeded);
                return OvsBridgePlanner.PlanNew(state, Name, DatapathType,
                    MyInvocation.BoundParameters.ContainsKey(nameof(Mtu)) ? Mtu : (int?)null, kernelDatapath, Force);
            }, writeResult: true);
    }
}
