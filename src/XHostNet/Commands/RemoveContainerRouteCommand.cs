using System.Management.Automation;
using System.Net;
using XHostNet.Linux;
using XHostNet.Planning;
using XHostNet.PowerShell;
using XHostNet.Routing;
using XHostNet.Sessions;

namespace XHostNet.Commands
{
    /// <summary>Remove-ContainerRoute: deletes the routes to a network (only those via -Gateway, if given); none there is already removed.</summary>
    [Cmdlet(VerbsCommon.Remove, "ContainerRoute", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveContainerRouteCommand : HostCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNetworkPrefix]
        [PrefixArgument]
        public InterfaceAddress Destination { get; set; } = null!;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AddressArgument]
        [ValidateUnicastAddress]
        public IPAddress? Gateway { get; set; }

        protected override void ProcessRecord() =>
            PlanAndApply(Sessions, "Remove", async (session, ct) =>
                RoutePlanner.PlanRemove(await HostNetworkState.ReadAsync(session, OvsNeed.IfAvailable, ct).ConfigureAwait(false), Destination, Gateway),
                writeResult: false);
    }
}
