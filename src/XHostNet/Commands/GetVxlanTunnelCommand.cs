using System.Management.Automation;
using XHostNet.Tunnels;

namespace XHostNet.Commands
{
    /// <summary>Get-VxlanTunnel: lists VXLAN tunnels (Open vSwitch ports and kernel devices) with their endpoints, health, counters and the overlay MTU they allow.</summary>
    [Cmdlet(VerbsCommon.Get, "VxlanTunnel")]
    [OutputType(typeof(VxlanTunnel))]
    public sealed class GetVxlanTunnelCommand : GetTunnelCmdlet
    {
        protected override void ProcessRecord() => Get(TunnelKind.Vxlan);
    }
}
