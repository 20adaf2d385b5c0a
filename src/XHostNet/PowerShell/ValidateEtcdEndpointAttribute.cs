using System.Collections;
using System.Linq;
using System.Management.Automation;
using XHostNet.Leases;

namespace XHostNet.PowerShell
{
    /// <summary>etcd client URLs (http or https, host and port; a list or comma-separated), checked at binding so a typo fails before anything is asked of etcd.</summary>
    public sealed class ValidateEtcdEndpointAttribute : ValidateArgumentsAttribute
    {
        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            var values = arguments is IEnumerable e and not string ? e.Cast<object>().Select(o => o?.ToString() ?? "") : new[] { arguments?.ToString() ?? "" };
            try
            {
                EtcdSettings.ParseEndpoints(values);
            }
            catch (XHostException ex)
            {
                throw new ValidationMetadataException(ex.Message);
            }
        }
    }
}
