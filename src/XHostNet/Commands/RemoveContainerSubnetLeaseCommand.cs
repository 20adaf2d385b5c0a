using System.Linq;
using System.Management.Automation;
using XHostNet.Leases;
using XHostNet.Linux;
using XHostNet.PowerShell;

namespace XHostNet.Commands
{
    /// <summary>
    /// Remove-ContainerSubnetLease: gives subnet leases back to the shared store — the etcd lease is revoked, taking the
    /// subnet key (and XHostNet's host marker) with it; a reservation's key is deleted. The host's subnet.env stays.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "ContainerSubnetLease", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    public sealed class RemoveContainerSubnetLeaseCommand : EtcdCmdlet
    {
        /// <summary>The leases' subnets; a lease from Get- or Request-ContainerSubnetLease binds by its Subnet.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNetworkPrefix]
        [PrefixArgument]
        public InterfaceAddress[] Subnet { get; set; } = null!;

        protected override void ProcessRecord()
        {
            try
            {
                using var store = OpenStore(StoreHost());
                var leases = Await(store.ReadLeasesAsync(withTimeToLive: false, StopToken));
                foreach (var subnet in Subnet)
                {
                    var lease = leases.FirstOrDefault(l => l.Subnet == subnet.ToString());
                    if (lease is null)
                    {
                        WriteError(ErrorRecords.From(new XHostException(XHostErrorKind.NotFound, ErrorIds.ContainerSubnetLeaseNotFound,
                            $"etcd at {string.Join(",", Etcd)} has no lease of {subnet} under {Prefix} (it may have expired or been given back already)."), subnet));
                        continue;
                    }
                    var what = lease.EtcdLease != 0
                        ? $"In etcd at {lease.Etcd}: revoke etcd lease {lease.LeaseId}, which deletes {lease.Key}" + (lease.Owner == SubnetLeaseOwner.XHostNet ? " and XHostNet's host marker" : "") + $" ({lease.Owner}'s lease of {lease.PublicIP})"
                        : $"In etcd at {lease.Etcd}: delete {lease.Key} (a reservation of {lease.PublicIP}, bound to no etcd lease) while it is unchanged";
                    if (!ShouldProcess(what, what + "?", "Remove-ContainerSubnetLease")) continue;
                    try
                    {
                        Await(store.ReleaseAsync(subnet, StopToken));
                    }
                    catch (XHostException ex) when (ex.ErrorId == ErrorIds.ContainerSubnetLeaseNotFound)
                    {
                        WriteError(ErrorRecords.From(ex, subnet));
                    }
                }
            }
            catch (XHostException ex)
            {
                ThrowTerminatingError(ErrorRecords.From(ex, Etcd));
            }
        }
    }
}
