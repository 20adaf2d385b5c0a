using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using XHostNet.Execution;
using XHostNet.Planning;
using XHostNet.Sessions;

namespace XHostNet.Routing
{
    /// <summary>
    /// Asks the kernel which way packets to some addresses go (ip route get, with the host's snapshot in the same
    /// round trip). When they leave through a Linux bridge, a second round trip follows the next hop's MAC address
    /// (ip neigh) to the bridge port it was learned on (bridge fdb): the port, not the bridge, decides whether a tunnel
    /// carries them — a container on the local bridge is not behind the bridge's tunnel.
    /// </summary>
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
            return (await JudgeAsync(session, state, destinations, batch.Results.Skip(reads.Count).ToList(), cancellationToken).ConfigureAwait(false),
                state.OvsWarning);
        }

        /// <summary>
        /// The paths that <paramref name="routeGets"/> (ip -j route get, one per destination, read in the same round
        /// trip as <paramref name="state"/>) give, judged against the host's snapshot: through a Linux bridge, the port
        /// the next hop was learned on decides.
        /// </summary>
        internal static async Task<IReadOnlyList<(IPAddress Destination, RoutePath? Path, CommandResult Result)>> JudgeAsync(XHostSession session,
            HostNetworkState state, IReadOnlyList<IPAddress> destinations, IReadOnlyList<CommandResult> routeGets, CancellationToken cancellationToken)
        {
            var lookups = destinations.Select((destination, i) =>
            {
                var result = routeGets[i];
                var route = result.Succeeded ? IpRouteJson.Parse(result.StandardOutput).FirstOrDefault() : null;
                return (Destination: destination, Route: route, Result: result);
            }).ToList();

            var ports = await BridgePortsAsync(session, state, lookups.Where(l => l.Route != null).Select(l => l.Route!).ToList(), cancellationToken)
                .ConfigureAwait(false);
            return lookups.Select(l =>
            {
                if (l.Route is null) return (l.Destination, (RoutePath?)null, l.Result);
                var route = l.Route;
                var (kind, tunnels, via) = PathClassifier.Classify(state, route.Device, route.Type);
                if (route.Type == "unicast" && ports.TryGetValue(NextHop(route), out var port))
                {
                    var (portKind, portTunnels, portVia) = PathClassifier.Classify(state, port);
                    (kind, tunnels, via) = (portKind, portTunnels, route.Device + " → " + portVia);
                }
                return (l.Destination, (RoutePath?)new RoutePath
                {
                    Destination = l.Destination.ToString(),
                    Path = kind,
                    Interface = route.Device,
                    Gateway = route.Gateway?.ToString(),
                    SourceAddress = route.PreferredSource?.ToString(),
                    Tunnels = tunnels,
                    Via = via,
                    Session = session,
                }, l.Result);
            }).ToList();
        }

        private static IPAddress NextHop(IpRoute route) => route.Gateway ?? route.Destination.Address;

        /// <summary>Next hop address → the bridge port its MAC address was learned on, for routes out of a Linux bridge.</summary>
        private static async Task<Dictionary<IPAddress, string>> BridgePortsAsync(XHostSession session, HostNetworkState state,
            IReadOnlyList<IpRoute> routes, CancellationToken cancellationToken)
        {
            var found = new Dictionary<IPAddress, string>();
            var viaBridge = routes.Where(r => r.Device != null && state.Link(r.Device)?.Kind == "bridge").ToList();
            if (viaBridge.Count == 0) return found;
            var bridges = viaBridge.Select(r => r.Device!).Distinct().ToList();
            var hops = viaBridge.Select(r => (Hop: NextHop(r), Bridge: r.Device!)).Distinct().ToList();
            var commands = bridges.Select(b => (IReadOnlyList<string>)new[] { "bridge", "-j", "fdb", "show", "br", b })
                .Concat(hops.Select(h => (IReadOnlyList<string>)new[] { "ip", "-j", "neigh", "show", "to", h.Hop.ToString(), "dev", h.Bridge }))
                .ToList();
            var batch = await session.RunBatchAsync(commands, stopOnError: false, cancellationToken).ConfigureAwait(false);
            var learned = new Dictionary<(string Bridge, string Mac), string>();
            for (var i = 0; i < bridges.Count; i++)
            {
                if (!batch.Results[i].Succeeded) continue;
                foreach (var entry in LearnedPorts(batch.Results[i].StandardOutput, bridges[i])) learned[(bridges[i], entry.Key)] = entry.Value;
            }
            for (var i = 0; i < hops.Count; i++)
            {
                var result = batch.Results[bridges.Count + i];
                if (!result.Succeeded) continue;
                using var neigh = JsonText.ParseList(result.StandardOutput);
                var mac = neigh.RootElement.EnumerateArray().Select(e => JsonText.StringOrNull(e, "lladdr")).FirstOrDefault(m => m != null);
                if (mac != null && learned.TryGetValue((hops[i].Bridge, mac.ToLowerInvariant()), out var port)) found[hops[i].Hop] = port;
            }
            return found;
        }

        /// <summary>A bridge's learned MAC addresses (lower case) → the port each was learned on (bridge -j fdb show br BRIDGE).</summary>
        internal static IReadOnlyDictionary<string, string> LearnedPorts(string fdbOutput, string bridge)
        {
            var learned = new Dictionary<string, string>();
            using var fdb = JsonText.ParseList(fdbOutput);
            foreach (var e in fdb.RootElement.EnumerateArray())
            {
                // Learned entries only: "permanent" ones are the bridge's own addresses.
                if (JsonText.StringOrNull(e, "master") != bridge || JsonText.StringOrNull(e, "state") == "permanent") continue;
                if (JsonText.StringOrNull(e, "mac") is string mac && JsonText.StringOrNull(e, "ifname") is string port) learned[mac.ToLowerInvariant()] = port;
            }
            return learned;
        }

    }
}
