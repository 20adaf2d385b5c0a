using System.Management.Automation;
using XHostNet.Tunnels;

namespace XHostNet.Commands
{
    /// <summary>Remove-VxlanTunnel: deletes a VXLAN tunnel; one that is not there is already removed.</summary>
    [Cmdlet(VerbsCommon.Remove, "VxlanTunnel", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveVxlanTunnelCommand : RemoveTunnelCmdlet
    {
        protected override void ProcessRecord() => Remove(TunnelKind.Vxlan);
    }
}
