using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;
using XHostNet.Lab;
using XHostNet.Linux;
using XHostNet.PowerShell;
using XHostNet.Sessions;

namespace XHostNet.Commands
{
    /// <summary>
    /// New-XHostLab: simulated hosts on this machine — a network namespace each on a shared underlay, optionally with
    /// their own Open vSwitch and dockerd — and one session per host, to rehearse runbooks before touching real hosts.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "XHostLab", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(XHostSession))]
    public sealed class NewXHostLabCommand : XHostCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateRange(1, 16)]
        public int HostCount { get; set; }

        /// <summary>Names every namespace, link and directory of the lab: 1–8 lower-case letters and digits.</summary>
        [Parameter]
        [ValidatePattern(@"^[a-z][a-z0-9]{0,7}\z", Options = RegexOptions.CultureInvariant)]
        public string Name { get; set; } = "xl" + System.Guid.NewGuid().ToString("N").Substring(0, 6);

        /// <summary>The underlay network; host n gets its n-th address.</summary>
        [Parameter]
        [ValidateNetworkPrefix]
        [PrefixArgument]
        public InterfaceAddress Network { get; set; } = InterfaceAddress.Parse("10.201.0.0/24");

        [Parameter]
        public SwitchParameter Ovs { get; set; }

        [Parameter]
        public SwitchParameter Docker { get; set; }

        /// <summary>Extra dockerd arguments for every host, as a service unit's command line would carry them.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? DockerArgument { get; set; }

        /// <summary>An sshd per host; the lab's sessions are then SSH sessions to them (host keys pinned).</summary>
        [Parameter]
        public SwitchParameter Ssh { get; set; }

        /// <summary>One subnet per host: host n gets a stand-in container, namespace NAME-cN, with the subnet's 2nd address.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidateNetworkPrefix]
        [PrefixArgument]
        public InterfaceAddress[]? ContainerSubnet { get; set; }

        [Parameter]
        [ValidateRange(68, 65535)]
        public int ContainerMtu { get; set; } = 1500;

        [Parameter]
        [ValidatePattern(@"^/[^\s\p{Cc}]+\z", Options = RegexOptions.CultureInvariant)]
        public string? Directory { get; set; }

        protected override void EndProcessing()
        {
            var lab = new XHostLabState
            {
                Name = Name, Directory = Directory ?? XHostLabBuilder.ClaimPath(Name), HostCount = HostCount, Network = Network.ToString(), Ovs = Ovs, Docker = Docker,
                DockerArguments = (DockerArgument ?? new string[0]).ToList(), Ssh = Ssh,
                ContainerSubnets = (ContainerSubnet ?? new InterfaceAddress[0]).Select(s => s.ToString()).ToList(), ContainerMtu = ContainerMtu,
            };
            if (ContainerSubnet != null && ContainerSubnet.Length != HostCount)
                ThrowTerminatingError(new ErrorRecord(new PSArgumentException($"-ContainerSubnet needs one subnet per host: {HostCount}, not {ContainerSubnet.Length}."),
                    ErrorIds.LabContainerSubnetCount, ErrorCategory.InvalidArgument, ContainerSubnet));
            var tooSmall = ContainerSubnet?.FirstOrDefault(s => s.IsIPv6 || s.PrefixLength > 30);
            if (tooSmall != null)
                ThrowTerminatingError(new ErrorRecord(new PSArgumentException($"Container subnet {tooSmall} must be IPv4 with room for a gateway and a container (/30 or larger)."),
                    ErrorIds.LabContainerSubnetInvalid, ErrorCategory.InvalidArgument, tooSmall));
            if (DockerArgument != null && !Docker)
                ThrowTerminatingError(new ErrorRecord(new PSArgumentException("-DockerArgument needs -Docker."), ErrorIds.LabDockerArgumentWithoutDocker, ErrorCategory.InvalidArgument, DockerArgument));
            if (HostCount + 2 > (1 << ((Network.IsIPv6 ? 128 : 32) - Network.PrefixLength)))
                ThrowTerminatingError(new ErrorRecord(new PSArgumentException($"{Network} has no room for {HostCount} hosts."), ErrorIds.LabNetworkTooSmall, ErrorCategory.InvalidArgument, Network));
            if (!ShouldProcess($"{HostCount} simulated host(s) {lab.HostNamespace(1)}… on this machine, state in {lab.Directory}", "Create lab " + Name)) return;
            var outcome = OnEach(new[] { new XHostSession() }, (local, ct) => XHostLabBuilder.CreateAsync(local, lab, ct))[0];
            if (outcome.Error != null)
            {
                ThrowTerminatingError(ErrorRecords.From(outcome.Error, Name));
                return;
            }
            if (Ssh) NewXHostSessionCommand.CloseSessionsWithRunspace();
            foreach (var session in outcome.Value) WriteObject(SessionRegistry.Add(RunspaceScope, session));
        }
    }
}
