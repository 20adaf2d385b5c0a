using System.Management.Automation;
using XHostNet.Leases;
using XHostNet.PowerShell;

namespace XHostNet.Commands
{
    /// <summary>Get-ContainerNetworkConfig: the network's config in the shared store (flannel's &lt;prefix&gt;/config), flannel's defaults filled in.</summary>
    [Cmdlet(VerbsCommon.Get, "ContainerNetworkConfig")]
    [OutputType(typeof(ContainerNetworkConfig))]
    public sealed class GetContainerNetworkConfigCommand : EtcdCmdlet
    {
        protected override void ProcessRecord()
        {
            try
            {
                using var store = OpenStore(StoreHost());
                WriteObject(Await(store.ReadConfigAsync(StopToken)));
            }
            catch (XHostException ex)
            {
                ThrowTerminatingError(ErrorRecords.From(ex, Etcd));
            }
        }
    }
}
