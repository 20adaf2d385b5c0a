using System.Management.Automation;
using System.Net;
using XHostNet.Linux;
using XHostNet.Planning;
using XHostNet.PowerShell;
using XHostNet.Routing;
using XHostNet.Sessions;

namespace XHostNet.Commands
{
    /// <summary>
    /// Add-ContainerRoute: routes a peer's container subnet (ip route add … via … [dev … onlink]) and says whether
    /// the route sends traffic through a tunnel or as plain IP over the underlay.
    /// </summary>
    [Cmdlet(VerbsCommon.Add, "ContainerRoute", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ContainerRoute))]
    public sealed class AddContainerRouteCommand : PassThruCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNetworkPrefix]
        [PrefixArgument]
        public InterfaceAddress Destination { get; set; } = null!;

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [AddressArgument]
        [ValidateUnicastAddress]
        public IPAddress Gateway { get; set; } = IPAddress.None;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateInterfaceName]
        [ArgumentCompleter(typeof(InterfaceNameCompleter))]
        public string? Interface { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public SwitchParameter OnLink { get; set; }

        /// <summary>The route's metric; null (as a piped route without one has) means the kernel's default.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public uint? Metric { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            var spec = new RouteSpec
            {
                Destination = Destination,
                Gateway = Gateway,
                Interface = Interface,
                OnLink = OnLink,
                Metric = Metric,
            };
            PlanAndApply("Add", async (session, ct) =>
                RoutePlanner.PlanAdd(await HostNetworkState.ReadAsync(session, OvsNeed.IfAvailable, ct).ConfigureAwait(false), spec, Force));
        }
    }
}
