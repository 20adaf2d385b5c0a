using System;
using System.Collections.Generic;
using System.Linq;
using XHostNet.Planning;
using XHostNet.Sessions;

namespace XHostNet.Routing
{
    /// <summary>Decides whether a device leads into a tunnel: a VXLAN device, an OVS bridge with tunnel ports, or a Linux bridge holding either.</summary>
    public static class PathClassifier
    {
        public static (RoutePathKind Kind, string[] Tunnels, string Via) Classify(HostNetworkState state, string? device, string routeType = "unicast")
        {
            if (routeType == "local" || device == "lo") return (RoutePathKind.Local, Array.Empty<string>(), device ?? "lo");
            if (device is null) return (RoutePathKind.Underlay, Array.Empty<string>(), "");
            var direct = TunnelsBehind(state, device);
            if (direct.Count == 1 && direct[0].Via.Length == 0) return (RoutePathKind.Tunnel, new[] { device }, device);
            if (direct.Count > 0) return (RoutePathKind.Tunnel, direct.Select(t => t.Tunnel).ToArray(), Chain(device, direct));
            var link = state.Link(device);
            if (link?.Kind == "bridge")
            {
                var found = state.Links.Where(l => l.Master == device)
                    .SelectMany(port => TunnelsBehind(state, port.Name).Select(t => (Via: port.Name + (t.Via.Length > 0 ? " → " + t.Via : ""), t.Tunnel)))
                    .ToList();
                if (found.Count > 0) return (RoutePathKind.Tunnel, found.Select(t => t.Tunnel).ToArray(), Chain(device, found));
            }
            return (RoutePathKind.Underlay, Array.Empty<string>(), device);
        }

        /// <summary>Whether the host has any tunnel at all (so an underlay route is worth a word).</summary>
        public static IReadOnlyList<string> AllTunnels(HostNetworkState state) =>
            state.Links.Where(l => l.Kind == "vxlan" || l.Kind == "gretap" || l.Kind == "geneve").Select(l => l.Name)
                .Concat(state.Ovs?.Interfaces.Where(i => i.IsTunnel).Select(i => i.Name) ?? Enumerable.Empty<string>())
                .Distinct().OrderBy(n => n, StringComparer.Ordinal).ToList();

        /// <summary>Tunnels reached from a device without crossing a Linux bridge: the device itself, or an OVS bridge's tunnel ports.</summary>
        private static IReadOnlyList<(string Via, string Tunnel)> TunnelsBehind(HostNetworkState state, string device)
        {
            var link = state.Link(device);
            if (link?.Kind == "vxlan" || link?.Kind == "gretap" || link?.Kind == "geneve") return new[] { ("", device) };
            if (state.Ovs?.Bridge(device) != null)
                return state.Ovs.TunnelsOn(device).Select(t => (t.Name, t.Name)).ToList();
            return Array.Empty<(string, string)>();
        }

        private static string Chain(string device, IReadOnlyList<(string Via, string Tunnel)> hops) =>
            device + " → " + (hops.Count == 1 ? hops[0].Via.Length > 0 ? hops[0].Via : hops[0].Tunnel : "{" + string.Join(", ", hops.Select(h => h.Via.Length > 0 ? h.Via : h.Tunnel)) + "}");
    }
}
