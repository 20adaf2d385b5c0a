using System.Management.Automation;
using System.Text.RegularExpressions;
using XHostNet.Docker;
using XHostNet.Linux;
using XHostNet.PowerShell;
using XHostNet.Sessions;

namespace XHostNet.Commands
{
    /// <summary>Disconnect-ContainerNetwork: removes a container interface (by name or address); one that is not there is already removed.</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "ContainerNetwork", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByName)]
    [OutputType(typeof(void))]
    public sealed class DisconnectContainerNetworkCommand : HostCmdlet
    {
        private const string ByName = "ByName";
        private const string ByAddress = "ByAddress";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidatePattern(@"^[A-Za-z0-9][A-Za-z0-9_.-]*\z", Options = RegexOptions.CultureInvariant)]
        [ArgumentCompleter(typeof(ContainerNameCompleter))]
        public string Container { get; set; } = "";

        /// <summary>The interface inside the container (a piped ContainerInterface binds its Name here).</summary>
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = ByName, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [ValidateInterfaceName]
        public string InterfaceName { get; set; } = "";

        [Parameter(Mandatory = true, ParameterSetName = ByAddress)]
        [PrefixArgument]
        public InterfaceAddress Address { get; set; } = null!;

        protected override void ProcessRecord()
        {
            PlanAndApply(Sessions, "Disconnect", async (session, ct) =>
                ContainerNetworkPlanner.PlanDisconnect(await ContainerState.ReadAsync(session, Container, ct, allowStopped: true).ConfigureAwait(false),
                    ParameterSetName == ByName ? InterfaceName : null, ParameterSetName == ByAddress ? Address : null),
                writeResult: false);
        }
    }
}
