using System.Management.Automation;
using System.Net;
using XHostNet.PowerShell;
using XHostNet.Execution;
using XHostNet.Routing;
using XHostNet.Sessions;

namespace XHostNet.Commands
{
    /// <summary>Find-ContainerRoute: which way packets to an address leave a host (ip route get), and whether a tunnel carries them.</summary>
    [Cmdlet(VerbsCommon.Find, "ContainerRoute")]
    [OutputType(typeof(RoutePath))]
    public sealed class FindContainerRouteCommand : HostCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Address")]
        [ValidateNotNullOrEmpty]
        [AddressArgument]
        public IPAddress[] Destination { get; set; } = System.Array.Empty<IPAddress>();

        protected override void ProcessRecord()
        {
            foreach (var outcome in OnEach(Sessions, (s, ct) => RouteLookup.FindAsync(s, Destination, ct)))
            {
                if (outcome.Error != null)
                {
                    WriteHostError(outcome.Error, outcome.Item);
                    continue;
                }
                if (outcome.Value.OvsWarning != null) WriteWarning(outcome.Value.OvsWarning);
                foreach (var (destination, path, result) in outcome.Value.Paths)
                {
                    if (path != null) WriteObject(path);
                    else
                    {
                        WriteError(new ErrorRecord(new HostCommandException(result), ErrorIds.NoRouteToDestination, ErrorCategory.ObjectNotFound, destination)
                        {
                            ErrorDetails = new ErrorDetails($"Host '{outcome.Item.Host}' has no route to {destination}: {result.StandardError.Trim()}"),
                        });
                    }
                }
            }
        }
    }
}
