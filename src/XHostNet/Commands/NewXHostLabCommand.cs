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
        public InterfaceAddress Network { get; set; } = XHostLabSpec.DefaultNetwork;

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

        /// <summary>An etcd server of the lab's own in its switch namespace, reached from this machine and from the hosts (Get-XHostLab shows its URLs).</summary>
        [Parameter]
        public SwitchParameter Etcd { get; set; }

        /// <summary>The lab's etcd over https with client certificates made for the lab; implies -Etcd.</summary>
        [Parameter]
        public SwitchParameter EtcdTls { get; set; }

        /// <summary>With -Ssh or -Etcd: the IPv4 network the management links' /30s come from (default 10.206.0.0/16).</summary>
        [Parameter]
        [ValidateNetworkPrefix]
        [PrefixArgument]
        public InterfaceAddress? ManagementNetwork { get; set; }

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
            var spec = new XHostLabSpec
            {
                Name = Name, HostCount = HostCount, Network = Network, Ovs = Ovs, Docker = Docker, DockerArguments = DockerArgument, Ssh = Ssh,
                ContainerSubnets = ContainerSubnet, ContainerMtu = ContainerMtu, Directory = Directory,
                ManagementNetwork = ManagementNetwork, Etcd = Etcd, EtcdTls = EtcdTls,
            };
            XHostLabState lab;
            try
            {
                lab = spec.ToState();
            }
            catch (XHostException ex)
            {
                ThrowTerminatingError(ErrorRecords.From(ex, Name));
                return;
            }
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
