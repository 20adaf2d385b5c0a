using System.Management.Automation;
using XHostNet.Tunnels;

namespace XHostNet.Commands
{
    /// <summary>Remove-GreTunnel: deletes a GRE tunnel; one that is not there is already removed.</summary>
    [Cmdlet(VerbsCommon.Remove, "GreTunnel", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveGreTunnelCommand : RemoveTunnelCmdlet
    {
        protected override void ProcessRecord() => Remove(TunnelKind.Gre);
    }
}
