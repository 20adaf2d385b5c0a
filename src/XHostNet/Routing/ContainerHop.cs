using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using XHostNet.Execution;
using XHostNet.Linux;
using XHostNet.Planning;
using XHostNet.Sessions;

namespace XHostNet.Routing
{
    /// <summary>
    /// Follows a container's packets onto its host. The container's own route only says "eth0, via the host's bridge
    /// address"; where they go from there the host decides. When the next hop's MAC address was learned on another
    /// port of the bridge the container hangs off, the bridge switches them there (a tunnel port or not); otherwise the
    /// host routes them, asked as its kernel decides for that forwarded packet — <c>ip route get TARGET from CONTAINER
    /// iif BRIDGE</c> — and judged like the host's own routes (RouteLookup).
    /// </summary>
    public static class ContainerHop
    {
        /// <summary>
        /// The path of a container's packet to <paramref name="target"/>: Tunnel, Underlay or Local as it leaves the host,
        /// and the devices it passes from the container's own (eth0 → br0 → obr0 → gre0). Path is null when the host
        /// would not forward it (no route, forwarding off, a source it refuses): Via then says what the host said.
        /// </summary>
        /// <param name="host">The host the container's link leads to.</param>
        /// <param name="hostIngress">Where the packets arrive on the host: the bridge the container's veth peer is a port of, or the peer itself.</param>
        /// <param name="containerRoute">The container's own route to the target (ip route get in its namespace).</param>
        /// <param name="nextHopMac">The MAC address the container sends to (its neighbour entry for the route's gateway, or the target on its segment), if known.</param>
        public static async Task<(RoutePathKind? Path, string Via)> FollowAsync(XHostSession host, string hostIngress, IpRoute containerRoute,
            string? nextHopMac, IPAddress target, CancellationToken cancellationToken)
        {
            var device = containerRoute.Device ?? "?";
            // One round trip: the host's snapshot, the bridge's learned MACs and, when the container's source address is
            // known, the host's route for the forwarded packet.
            var reads = HostNetworkState.ReadCommands(host, OvsNeed.IfAvailable);
            var commands = reads.Concat(new[] { (IReadOnlyList<string>)new[] { "bridge", "-j", "fdb", "show", "br", hostIngress } }).ToList();
            if (containerRoute.PreferredSource != null) commands.Add(IpRouteJson.GetCommand(target, containerRoute.PreferredSource, hostIngress));
            var batch = await host.RunBatchAsync(commands, stopOnError: false, cancellationToken).ConfigureAwait(false);
            var state = HostNetworkState.Parse(host, batch.Results, OvsNeed.IfAvailable);

            // Switched, not routed: the next hop was learned on another port of the bridge — a container beside this one,
            // or whatever is behind a tunnel port (also after the host's ICMP redirect named a gateway behind it).
            var fdb = batch.Results[reads.Count];
            if (nextHopMac != null && state.Link(hostIngress)?.Kind == "bridge" && fdb.Succeeded &&
                RouteLookup.LearnedPorts(fdb.StandardOutput, hostIngress).TryGetValue(nextHopMac.ToLowerInvariant(), out var port))
            {
                var (kind, _, via) = PathClassifier.Classify(state, port);
                return (kind, $"{device} → {hostIngress} → {via}");
            }

            // Routed by the host (the next hop is the host's own address): its kernel's decision for a forwarded packet.
            if (containerRoute.PreferredSource is null) return (null, $"{device} → {hostIngress}");
            var (_, path, result) = (await RouteLookup.JudgeAsync(host, state, new[] { target }, new[] { batch.Results[reads.Count + 1] }, cancellationToken)
                .ConfigureAwait(false))[0];
            if (path is null) return (null, $"{device} → {hostIngress} (host: {Reason(result)})");
            if (path.Path == RoutePathKind.Local) return (RoutePathKind.Local, $"{device} → {hostIngress}");
            // The host's path starts at its egress device: br0 → obr0 → gre0 when it sends it back out of the bridge.
            return (path.Path, $"{device} → " + (path.Interface == hostIngress ? "" : hostIngress + " → ") + path.Via);
        }

        /// <summary>The next hop a route sends to (its gateway, or the destination itself on the segment) and its MAC in a neighbour table (ip -j neigh show), if any.</summary>
        public static string? NextHopMac(string neighbourOutput, IpRoute route, IPAddress target)
        {
            var hop = (route.Gateway ?? target).ToString();
            using var doc = JsonText.ParseList(neighbourOutput);
            return doc.RootElement.EnumerateArray()
                .Where(e => JsonText.StringOrNull(e, "dst") == hop && (route.Device is null || JsonText.StringOrNull(e, "dev") is null || JsonText.StringOrNull(e, "dev") == route.Device))
                .Select(e => JsonText.StringOrNull(e, "lladdr")).FirstOrDefault(m => m != null);
        }

        /// <summary>
        /// For a session that is a network namespace (a stand-in container) whose <paramref name="device"/> is a veth
        /// into another namespace: the host at the other end, when one of <paramref name="knownHosts"/> is that
        /// namespace's session (so its Open vSwitch database and the like are known), and the device the packets
        /// arrive on there. Null when the device is no such veth or no known session holds its other end.
        /// </summary>
        public static async Task<(XHostSession Host, string Ingress, string Neighbours)?> FindHostAsync(XHostSession session, string device,
            IReadOnlyList<XHostSession> knownHosts, CancellationToken cancellationToken)
        {
            if (session.NetworkNamespace is null) return null;
            var batch = await session.RunBatchAsync(new[]
            {
                (IReadOnlyList<string>)new[] { "ip", "-j", "-d", "link", "show", "dev", device },
                new[] { "ip", "-j", "netns", "list-id" },
                new[] { "ip", "-j", "neigh", "show", "dev", device },
            }, stopOnError: false, cancellationToken).ConfigureAwait(false);
            if (!batch.Results[0].Succeeded || !batch.Results[1].Succeeded) return null;
            var veth = IpJson.ParseLinks(batch.Results[0].StandardOutput).FirstOrDefault();
            // ip leaves link_netnsid out for a peer in the same namespace: no host across it then.
            if (veth?.Kind != "veth" || veth.PeerIndex is null || veth.PeerNamespaceId is null) return null;
            var peerNamespace = NamespaceName(batch.Results[1].StandardOutput, veth.PeerNamespaceId.Value);
            // A namespace without a name (this machine's own, or a Docker container's) is nobody's known session here.
            if (peerNamespace is null) return null;
            var host = knownHosts.FirstOrDefault(h => h.Kind == XHostSessionKind.NetworkNamespace && h.NetworkNamespace == peerNamespace);
            if (host is null) return null;

            var links = await host.RunAsync(new[] { "ip", "-j", "link", "show" }, cancellationToken).ConfigureAwait(false);
            var peer = IpJson.ParseLinks(links.EnsureSuccess().StandardOutput).FirstOrDefault(l => l.Index == veth.PeerIndex);
            return peer is null ? ((XHostSession, string, string)?)null : (host, peer.Master ?? peer.Name, batch.Results[2].StandardOutput);
        }

        private static string? NamespaceName(string json, int nsid)
        {
            using var doc = JsonText.ParseList(json);
            return doc.RootElement.EnumerateArray().Where(e => IpJson.NullableInt(e, "nsid") == nsid).Select(e => JsonText.StringOrNull(e, "name")).FirstOrDefault();
        }

        private static string Reason(CommandResult result)
        {
            var text = result.StandardError.Trim();
            const string prefix = "RTNETLINK answers: ";
            return text.StartsWith(prefix, StringComparison.Ordinal) ? text.Substring(prefix.Length) : text.Length > 0 ? text : $"exit {result.ExitCode}";
        }
    }
}
