using System.Management.Automation;
using XHostNet.PowerShell;
using XHostNet.Tunnels;

namespace XHostNet.Commands
{
    /// <summary>
    /// Add-VxlanTunnel: a VXLAN port on an Open vSwitch bridge, or a kernel VXLAN device (ip link add … type vxlan)
    /// enslaved to a Linux bridge — whichever kind of bridge -Bridge names.
    /// </summary>
    [Cmdlet(VerbsCommon.Add, "VxlanTunnel", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(VxlanTunnel))]
    public sealed class AddVxlanTunnelCommand : AddTunnelCmdlet
    {
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateRange(0, 16777215)]
        public int Vni { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(1, 65535)]
        public int Port { get; set; } = TunnelOverhead.VxlanDefaultPort;

        /// <summary>Kernel VXLAN only: the underlay device to bind the tunnel to.</summary>
        [Parameter]
        [ValidateInterfaceName]
        [ArgumentCompleter(typeof(InterfaceNameCompleter))]
        public string? UnderlayInterface { get; set; }

        protected override void ProcessRecord() =>
            Add(new TunnelSpec { Kind = TunnelKind.Vxlan, Vni = Vni, Port = Port, UnderlayInterface = UnderlayInterface });
    }
}
