using System.Collections.Concurrent;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;
using XHostNet.Leases;
using XHostNet.Network;
using XHostNet.Planning;
using XHostNet.PowerShell;
using XHostNet.Sessions;

namespace XHostNet.Commands
{
    /// <summary>
    /// Disconnect-XHostNetwork: removes on each host exactly what Connect-XHostNetwork recorded making there, in reverse
    /// order, puts back the values it changed, and deletes the record; nothing else (a bridge that was there before stays).
    /// A subnet lease the network claimed in the shared store is given back once the host's change is made, unless -KeepLease.
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

        /// <summary>Keep each host's subnet lease (and its subnet.env) in the shared store, for the host to connect again with the same subnet.</summary>
        [Parameter]
        public SwitchParameter KeepLease { get; set; }

        /// <summary>The TLS files for giving leases back; the etcd endpoints and prefix come from each host's record.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? EtcdCertificate { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? EtcdKey { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? EtcdCa { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            try
            {
                EtcdSettings.CheckCertificatePair(EtcdCertificate, EtcdKey);
            }
            catch (XHostException ex)
            {
                ThrowTerminatingError(ErrorRecords.From(ex, Name));
            }
        }

        protected override void ProcessRecord()
        {
            var leases = new ConcurrentDictionary<XHostSession, NetworkLease>();
            var done = PlanAndApply(Sessions, "Disconnect", async (session, ct) =>
            {
                var read = await (await (await (await NetworkHostRead.ReadAsync(session, OvsNeed.IfAvailable, RecordDirectory, ct, move: true).ConfigureAwait(false))
                    .WithDockerAsync(false, Name, ct).ConfigureAwait(false)).WithBootConfigAsync(Name, ct).ConfigureAwait(false)).WithSubnetFilesAsync(Name, ct).ConfigureAwait(false);
                // No record: the network is not there, which is what was asked (as removing an absent bridge changes nothing).
                var record = read.Record(Name);
                if (record?.Lease is { Claimed: true } lease && !KeepLease) leases[session] = lease;
                return record is null
                    ? new ChangePlan<HostNetworkState>(session, $"network {Name}", System.Array.Empty<System.Collections.Generic.IReadOnlyList<string>>(), read.State)
                    : NetworkPlanner.PlanDisconnect(read, record, System.TimeSpan.FromSeconds(ConfirmTimeout), KeepLease).ToChangePlan();
            }, writeResult: false);
            var giveBack = done.Where(leases.ContainsKey).ToList();
            foreach (var outcome in OnEach(giveBack, (s, ct) => NetworkSubnetStore.GiveBackAsync(leases[s], Settings(leases[s], s), ct)))
            {
                var lease = leases[outcome.Item];
                if (outcome.Error is XHostException ex)
                    WriteHostError(new XHostException(ex.Kind, ex.ErrorId, ex.Message.TrimEnd('.') + $". Network '{Name}' is gone from host '{outcome.Item.Host}', but its lease " +
                        $"{lease.Key} was not given back: remove it with Remove-ContainerSubnetLease -Etcd {lease.Etcd} -Subnet {lease.Subnet}, or let it expire."), outcome.Item);
                else if (outcome.Error != null) WriteHostError(outcome.Error, outcome.Item);
                else if (outcome.Value) WriteVerbose($"Network '{Name}' on host '{outcome.Item.Host}': gave back lease {lease.Subnet} ({lease.Key}).");
                else WriteWarning($"Lease {lease.Key} of host '{outcome.Item.Host}' was not given back: it had expired already, or another host holds the subnet now.");
            }
        }

        /// <summary>The store as the record names it, reached as Connect reached it (through the host's session with -EtcdFromHost).</summary>
        private EtcdSettings Settings(NetworkLease lease, XHostSession session) =>
            EtcdSettings.From(new[] { lease.Etcd }, lease.Prefix, EtcdCertificate, EtcdKey, EtcdCa, lease.FromHost ? session : null,
                path => SessionState.Path.GetUnresolvedProviderPathFromPSPath(path));
    }
}
