using System.Linq;
using System.Management.Automation;
using XHostNet.Linux;
using XHostNet.PowerShell;
using XHostNet.Planning;
using XHostNet.Routing;
using XHostNet.Sessions;

namespace XHostNet.Commands
{
    /// <summary>Get-ContainerRoute: lists the main table's routes through a gateway, each with the path it makes traffic take.</summary>
    [Cmdlet(VerbsCommon.Get, "ContainerRoute")]
    [OutputType(typeof(ContainerRoute))]
    public sealed class GetContainerRouteCommand : HostCmdlet
    {
        /// <summary>Only routes to these networks (exact prefixes).</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [PrefixArgument]
        public InterfaceAddress[]? Destination { get; set; }

        [Parameter]
        public RoutePathKind[]? Path { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var outcome in OnEach(Sessions, (s, ct) => HostNetworkState.ReadAsync(s, OvsNeed.IfAvailable, ct)))
            {
                if (outcome.Error != null)
                {
                    WriteHostError(outcome.Error, outcome.Item);
                    continue;
                }
                if (outcome.Value.OvsWarning != null) WriteWarning(outcome.Value.OvsWarning);
                var routes = RoutePlanner.ReadRoutes(outcome.Value);
                bool OnPath(ContainerRoute r) => Path is null || Path.Contains(r.Path);
                if (Destination is null)
                {
                    WriteObject(routes.Where(OnPath), enumerateCollection: true);
                    continue;
                }
                foreach (var destination in Destination.Select(d => d.Network.ToString()).Distinct())
                {
                    // "No route" only when there is none at all; a route filtered out by -Path is not missing.
                    var matches = routes.Where(r => r.Destination == destination).ToList();
                    if (matches.Count == 0)
                    {
                        WriteError(new ErrorRecord(new ItemNotFoundException($"Host '{outcome.Item.Host}' has no route to {destination} through a gateway."),
                            ErrorIds.ContainerRouteNotFound, ErrorCategory.ObjectNotFound, destination));
                    }
                    WriteObject(matches.Where(OnPath), enumerateCollection: true);
                }
            }
        }
    }
}
