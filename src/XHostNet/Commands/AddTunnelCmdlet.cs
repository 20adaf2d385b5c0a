using System.Linq;
using System.Management.Automation;
using System.Net;
using XHostNet.Planning;
using XHostNet.PowerShell;
using XHostNet.Sessions;
using XHostNet.Tunnels;

namespace XHostNet.Commands
{
    /// <summary>What Add-GreTunnel and Add-VxlanTunnel share: the bridge, the tunnel's name and endpoints, and the plan-and-apply.</summary>
    public abstract class AddTunnelCmdlet : PassThruCmdlet
    {
        /// <summary>The bridge's name; an OvsBridge or LinuxBridge piped in binds here by its name.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [NotSessionArgument]
        [ValidateInterfaceName]
        [ArgumentCompleter(typeof(InterfaceNameCompleter))]
        public string Bridge { get; set; } = "";

        // Not bound by property name: a piped bridge's Name is the bridge's, not the tunnel's.
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateInterfaceName]
        public string Name { get; set; } = "";

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [AddressArgument]
        [ValidateUnicastAddress]
        public IPAddress RemoteAddress { get; set; } = IPAddress.None;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AddressArgument]
        [ValidateUnicastAddress]
        public IPAddress? LocalAddress { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Keeps the tunnel from forwarding to the bridge's other split-horizon tunnels, so a full mesh has no loop.</summary>
        [Parameter]
        public SwitchParameter SplitHorizon { get; set; }

        /// <summary>GRE tunnels live only in Open vSwitch, so its database must answer; VXLAN may be a kernel device.</summary>
        internal static OvsNeed OvsNeedOf(TunnelKind kind) => kind == TunnelKind.Gre ? OvsNeed.Required : OvsNeed.IfAvailable;

        protected void Add(TunnelSpec spec)
        {
            if (LocalAddress != null && LocalAddress.AddressFamily != RemoteAddress.AddressFamily)
            {
                ThrowTerminatingError(new ErrorRecord(new PSArgumentException($"LocalAddress {LocalAddress} and RemoteAddress {RemoteAddress} are of different address families."),
                    ErrorIds.TunnelFamilyMismatch, ErrorCategory.InvalidArgument, LocalAddress));
            }
            spec.Name = Name;
            spec.Bridge = Bridge;
            spec.RemoteAddress = RemoteAddress;
            spec.LocalAddress = LocalAddress;
            spec.SplitHorizon = SplitHorizon;
            PlanAndApply("Add", async (session, ct) =>
                TunnelPlanner.PlanAdd(await HostNetworkState.ReadAsync(session, OvsNeedOf(spec.Kind), ct).ConfigureAwait(false), spec, Force));
        }
    }
}
