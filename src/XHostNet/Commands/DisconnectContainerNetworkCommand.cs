using System.Management.Automation;
using XHostNet.Docker;
using XHostNet.Linux;
using XHostNet.PowerShell;
using XHostNet.Sessions;

namespace XHostNet.Commands
{
    /// <summary>Disconnect-ContainerNetwork: removes a container interface (by name or address); one that is not there is already removed.</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "ContainerNetwork", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByName)]
    [OutputType(typeof(void))]
    public sealed class DisconnectContainerNetworkCommand : XHostCmdlet
    {
        private const string ByName = "ByName";
        private const string ByAddress = "ByAddress";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidatePattern(@"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
        public string Container { get; set; } = "";

        /// <summary>The interface inside the container (a piped ContainerInterface binds its Name here).</summary>
        [Parameter(Mandatory = true, ParameterSetName = ByName, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [ValidateInterfaceName]
        public string InterfaceName { get; set; } = "";

        [Parameter(Mandatory = true, ParameterSetName = ByAddress)]
        public InterfaceAddress Address { get; set; } = null!;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public XHostSession[]? Session { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == ByName && (InterfaceName == "eth0" || InterfaceName == "lo"))
                WriteWarning($"'{InterfaceName}' is the container's own network interface; without it the container loses its Docker network.");
            PlanAndApply(SessionsOrLocal(Session), "Disconnect", async (session, ct) =>
                ContainerNetworkPlanner.PlanDisconnect(await ContainerState.ReadAsync(session, Container, ct).ConfigureAwait(false),
                    ParameterSetName == ByName ? InterfaceName : null, ParameterSetName == ByAddress ? Address : null),
                writeResult: false);
        }
    }
}
