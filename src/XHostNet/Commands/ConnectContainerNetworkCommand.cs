using System.Management.Automation;
using System.Text.RegularExpressions;
using System.Net;
using XHostNet.Docker;
using XHostNet.Linux;
using XHostNet.PowerShell;
using XHostNet.Sessions;

namespace XHostNet.Commands
{
    /// <summary>Connect-ContainerNetwork: gives a running container an interface on a Linux bridge with a chosen address (as weave attach and pipework do).</summary>
    [Cmdlet(VerbsCommunications.Connect, "ContainerNetwork", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ContainerInterface))]
    public sealed class ConnectContainerNetworkCommand : PassThruCmdlet
    {
        /// <summary>The container's name or id.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidatePattern(@"^[A-Za-z0-9][A-Za-z0-9_.-]*\z", Options = RegexOptions.CultureInvariant)]
        [ArgumentCompleter(typeof(ContainerNameCompleter))]
        public string Container { get; set; } = "";

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateInterfaceName]
        public string Bridge { get; set; } = "";

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [ValidateInterfaceAddress]
        [PrefixArgument]
        public InterfaceAddress Address { get; set; } = null!;

        /// <summary>Makes this interface the container's default route, via this gateway.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AddressArgument]
        [ValidateUnicastAddress]
        public IPAddress? Gateway { get; set; }

        /// <summary>The interface's name inside the container; the first free ethN by default.</summary>
        [Parameter]
        [ValidateInterfaceName]
        public string? InterfaceName { get; set; }

        protected override void ProcessRecord()
        {
            var spec = new ContainerAttachSpec { Bridge = Bridge, Address = Address, Gateway = Gateway, InterfaceName = InterfaceName };
            PlanAndApply("Connect", async (session, ct) =>
                ContainerNetworkPlanner.PlanConnect(await ContainerState.ReadAsync(session, Container, ct).ConfigureAwait(false), spec));
        }
    }
}
