using System;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;
using XHostNet.Docker;
using XHostNet.Linux;
using XHostNet.PowerShell;
using XHostNet.Sessions;

namespace XHostNet.Commands
{
    /// <summary>
    /// Set-DockerBridge: writes dockerd's bridge settings into daemon.json (other keys kept, atomically, after a backup);
    /// with -Restart restarts dockerd, waits for it, checks the settings are in effect, and puts the old file back if not.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "DockerBridge", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(DockerBridge))]
    public sealed class SetDockerBridgeCommand : PassThruCmdlet
    {
        /// <summary>dockerd -b: an existing Linux bridge the containers go on; a piped LinuxBridge binds here by its Name.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [ValidateInterfaceName]
        public string? Bridge { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public InterfaceAddress? Bip { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNetworkPrefix]
        public InterfaceAddress? FixedCidr { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(68, 65535)]
        public int? Mtu { get; set; }

        [Parameter]
        [ValidatePattern(@"^base=[0-9A-Fa-f.:]+/[0-9]{1,3},size=[0-9]{1,3}\z", Options = RegexOptions.CultureInvariant)]
        public string[]? DefaultAddressPool { get; set; }

        /// <summary>Settings to remove from the file (e.g. bip when switching to -Bridge).</summary>
        [Parameter]
        [ValidateSet(DockerSettingNames.Bridge, DockerSettingNames.Bip, DockerSettingNames.FixedCidr, DockerSettingNames.Mtu, DockerSettingNames.DefaultAddressPools)]
        public string[]? Clear { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidatePattern(@"^/[^\s\p{Cc}]+\z", Options = RegexOptions.CultureInvariant)]
        public string? ConfigPath { get; set; }

        [Parameter]
        public SwitchParameter Restart { get; set; }

        [Parameter]
        [ValidateRange(1, 600)]
        public int WaitSeconds { get; set; } = 30;

        protected override void ProcessRecord()
        {
            if (Bip != null && Bip.IsNetwork)
            {
                ThrowTerminatingError(new ErrorRecord(new PSArgumentException(
                        $"-Bip {Bip} is the network's own address; dockerd --bip takes the bridge's address with the prefix (for 10.1.15.0/24, for example 10.1.15.1/24)."),
                    ErrorIds.BipIsNetworkAddress, ErrorCategory.InvalidArgument, Bip));
            }
            var spec = new DockerBridgeSpec
            {
                Bridge = Bridge,
                Bip = Bip,
                FixedCidr = FixedCidr,
                Mtu = Mtu,
                DefaultAddressPools = DefaultAddressPool,
                Clear = Clear ?? Array.Empty<string>(),
                Restart = Restart,
                WaitSeconds = WaitSeconds,
            };
            try
            {
                spec.Validate();
            }
            catch (XHostException invalid)
            {
                ThrowTerminatingError(ErrorRecords.From(invalid, spec));
            }
            PlanAndApply("Set", async (session, ct) =>
                DockerBridgePlanner.PlanSet(await DockerBridgeReader.ReadAsync(session, ConfigPath, ct, forWrite: true).ConfigureAwait(false), spec, DateTime.UtcNow));
        }
    }
}
