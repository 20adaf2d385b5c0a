using System.Management.Automation;
using XHostNet.Tunnels;

namespace XHostNet.Commands
{
    /// <summary>Get-GreTunnel: lists GRE tunnels with their endpoints, health, counters and the overlay MTU they allow.</summary>
    [Cmdlet(VerbsCommon.Get, "GreTunnel")]
    [OutputType(typeof(GreTunnel))]
    public sealed class GetGreTunnelCommand : GetTunnelCmdlet
    {
        protected override void ProcessRecord() => Get(TunnelKind.Gre);
    }
}
