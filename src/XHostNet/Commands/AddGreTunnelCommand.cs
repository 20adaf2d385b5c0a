using System.Management.Automation;
using XHostNet.Tunnels;

namespace XHostNet.Commands
{
    /// <summary>Add-GreTunnel: adds a GRE port to an Open vSwitch bridge (ovs-vsctl add-port … type=gre options:remote_ip=…) and checks that it works.</summary>
    [Cmdlet(VerbsCommon.Add, "GreTunnel", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(GreTunnel))]
    public sealed class AddGreTunnelCommand : AddTunnelCmdlet
    {
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public uint? Key { get; set; }

        protected override void ProcessRecord() => Add(new TunnelSpec { Kind = TunnelKind.Gre, Key = Key });
    }
}
