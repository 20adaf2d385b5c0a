using System.Management.Automation;
using System.Text.RegularExpressions;
using XHostNet.Network;
using XHostNet.Planning;
using XHostNet.PowerShell;

namespace XHostNet.Commands
{
    /// <summary>
    /// Disconnect-XHostNetwork: removes on each host exactly what Connect-XHostNetwork recorded making there, in reverse
    /// order, puts back the values it changed, and deletes the record; nothing else (a bridge that was there before stays).
    /// </summary>
    [Cmdlet(VerbsCommunications.Disconnect, "XHostNetwork", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class DisconnectXHostNetworkCommand : HostCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [NotSessionArgument]
        [ValidatePattern(@"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}\z", Options = RegexOptions.CultureInvariant)]
        public string Name { get; set; } = NetworkSpec.DefaultName;

        [Parameter]
        [ValidatePattern(@"^/[^\s\p{Cc}]+\z", Options = RegexOptions.CultureInvariant)]
        public string? RecordDirectory { get; set; }

        /// <summary>SharedLan: seconds each host's watchdog waits for a new connection to confirm the NIC's move back out of br0 before it rolls the move back.</summary>
        [Parameter]
        [ValidateRange(NetworkSpec.MinConfirmTimeoutSeconds, NetworkSpec.MaxConfirmTimeoutSeconds)]
        public int ConfirmTimeout { get; set; } = NetworkSpec.DefaultConfirmTimeoutSeconds;

        protected override void ProcessRecord()
        {
            PlanAndApply(Sessions, "Disconnect", async (session, ct) =>
            {
                var read = await (await (await NetworkHostRead.ReadAsync(session, OvsNeed.IfAvailable, RecordDirectory, ct, move: true).ConfigureAwait(false))
                    .WithDockerAsync(false, Name, ct).ConfigureAwait(false)).WithBootConfigAsync(Name, ct).ConfigureAwait(false);
                // No record: the network is not there, which is what was asked (as removing an absent bridge changes nothing).
                var record = read.Record(Name);
                return record is null
                    ? new ChangePlan<HostNetworkState>(session, $"network {Name}", System.Array.Empty<System.Collections.Generic.IReadOnlyList<string>>(), read.State)
                    : NetworkPlanner.PlanDisconnect(read, record, System.TimeSpan.FromSeconds(ConfirmTimeout)).ToChangePlan();
            }, writeResult: false);
        }
    }
}
