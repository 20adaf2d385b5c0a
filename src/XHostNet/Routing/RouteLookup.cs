using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using XHostNet.Execution;
using XHostNet.Planning;
using XHostNet.Sessions;

namespace XHostNet.Routing
{
    /// <summary>Asks the kernel which way packets to some addresses go (ip route get), in the same round trip as the host's snapshot.</summary>
    public static class RouteLookup
    {
        /// <summary>The paths (or the failed ip route get) per destination, and the snapshot's Open vSwitch warning, if any.</summary>
        public static async Task<(IReadOnlyList<(IPAddress Destination, RoutePath? Path, CommandResult Result)> Paths, string? OvsWarning)> FindAsync(
            XHostSession session, IReadOnlyList<IPAddress> destinations, CancellationToken cancellationToken)
        {
            var reads = HostNetworkState.ReadCommands(session, OvsNeed.IfAvailable);
            var batch = await session.RunBatchAsync(reads.Concat(destinations.Select(IpRouteJson.GetCommand)).ToList(), stopOnError: false, cancellationToken)
                .ConfigureAwait(false);
            var state = HostNetworkState.Parse(session, batch.Results, OvsNeed.IfAvailable);
            var paths = destinations.Select((destination, i) =>
            {
                var result = batch.Results[reads.Count + i];
                if (!result.Succeeded) return (destination, (RoutePath?)null, result);
                var route = IpRouteJson.Parse(result.StandardOutput).FirstOrDefault();
                var (kind, tunnels, via) = PathClassifier.Classify(state, route?.Device, route?.Type ?? "unicast");
                return (destination, new RoutePath
                {
                    Destination = destination.ToString(),
                    Path = kind,
                    Interface = route?.Device,
                    Gateway = route?.Gateway?.ToString(),
                    SourceAddress = route?.PreferredSource?.ToString(),
                    Tunnels = tunnels,
                    Via = via,
                    Session = session,
                }, result);
            }).ToList();
            return (paths, state.OvsWarning);
        }
    }
}
