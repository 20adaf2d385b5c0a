using System.Management.Automation;
using XHostNet.Linux;
using XHostNet.PowerShell;
using XHostNet.Sessions;

namespace XHostNet.Commands
{
    /// <summary>New-LinuxBridge: creates a Linux bridge (brctl addbr + ip addr + ip link set up), or confirms it exists as asked.</summary>
    [Cmdlet(VerbsCommon.New, "LinuxBridge", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(LinuxBridge))]
    public sealed class NewLinuxBridgeCommand : HostCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateInterfaceName]
        public string Name { get; set; } = "";

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNull]
        [ValidateInterfaceAddress]
        [PrefixArgument]
        public InterfaceAddress[]? Address { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(68, 65535)]
        public int Mtu { get; set; }

        [Parameter]
        public SwitchParameter Stp { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            var spec = new LinuxBridgeSpec
            {
                Name = Name,
                Addresses = Address,
                Mtu = MyInvocation.BoundParameters.ContainsKey(nameof(Mtu)) ? Mtu : (int?)null,
                Stp = MyInvocation.BoundParameters.ContainsKey(nameof(Stp)) ? Stp.IsPresent : (bool?)null,
            };
            PlanAndApply(Sessions, "Create", async (session, ct) =>
                LinuxBridgePlanner.PlanNew(session, await LinkReader.ReadLinksAsync(session, ct).ConfigureAwait(false), spec, Force),
                writeResult: true);
        }
    }
}
