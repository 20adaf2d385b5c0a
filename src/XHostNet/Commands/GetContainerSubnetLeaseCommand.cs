using System.Linq;
using System.Management.Automation;
using XHostNet.Leases;
using XHostNet.PowerShell;

namespace XHostNet.Commands
{
    /// <summary>Get-ContainerSubnetLease: every host's subnet lease in the shared store, XHostNet's and flannel's, with the time each has left.</summary>
    [Cmdlet(VerbsCommon.Get, "ContainerSubnetLease")]
    [OutputType(typeof(SubnetLease))]
    public sealed class GetContainerSubnetLeaseCommand : EtcdCmdlet
    {
        /// <summary>Only these subnets (CIDR, wildcards allowed).</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string[]? Subnet { get; set; }

        [Parameter]
        public SubnetLeaseOwner? Owner { get; set; }

        protected override void ProcessRecord()
        {
            try
            {
                var host = StoreHost();
                using var store = OpenStore(host);
                var leases = Await(store.ReadLeasesAsync(withTimeToLive: true, StopToken)).Where(l => Owner is null || l.Owner == Owner).ToList();
                foreach (var lease in leases) lease.Session = host;
                WriteMatching(leases, Subnet, l => l.Subnet, WildcardOptions.None, ErrorIds.ContainerSubnetLeaseNotFound, s => $"There is no lease of subnet {s} under {Prefix}.");
            }
            catch (XHostException ex)
            {
                ThrowTerminatingError(ErrorRecords.From(ex, Etcd));
            }
        }
    }
}
