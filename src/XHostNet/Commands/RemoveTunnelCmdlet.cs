using System.Linq;
using System.Management.Automation;
using System.Net;
using XHostNet.Planning;
using XHostNet.PowerShell;
using XHostNet.Sessions;
using XHostNet.Tunnels;

namespace XHostNet.Commands
{
    /// <summary>What Remove-GreTunnel and Remove-VxlanTunnel share.</summary>
    public abstract class RemoveTunnelCmdlet : HostCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateInterfaceName]
        public string Name { get; set; } = "";

        protected void Remove(TunnelKind kind) =>
            PlanAndApply(Sessions, "Remove", async (session, ct) =>
                TunnelPlanner.PlanRemove(await HostNetworkState.ReadAsync(session, AddTunnelCmdlet.OvsNeedOf(kind), ct).ConfigureAwait(false), Name, kind),
                writeResult: false);
    }
}
