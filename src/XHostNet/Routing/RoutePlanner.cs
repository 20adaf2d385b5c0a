using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using XHostNet.Linux;
using XHostNet.Planning;

namespace XHostNet.Routing
{
    /// <summary>Plans routes to container subnets (desired vs the main table → ip route commands). Pure: no I/O.</summary>
    public static class RoutePlanner
    {
        /// <summary>Routes made here are marked "proto static", as an administrator's routes are, so they are told from the kernel's and DHCP's.</summary>
        private const string Protocol = "static";

        public static ChangePlan<ContainerRoute> PlanAdd(HostNetworkState state, RouteSpec spec, bool force)
        {
            var session = state.Session;
            var dst = spec.Destination;
            if (!dst.IsNetwork)
                throw Invalid(ErrorIds.RouteDestinationNotNetwork, $"{dst} is not a network address: a route goes to {dst.Network}.");
            if (spec.Gateway.AddressFamily != dst.Family)
                throw Invalid(ErrorIds.RouteFamilyMismatch, $"Gateway {spec.Gateway} and destination {dst} are of different address families.");
            if (spec.OnLink && spec.Interface is null)
                throw Invalid(ErrorIds.OnLinkNeedsInterface, "-OnLink needs -Interface: an on-link gateway is reached directly on that device.");
            if (spec.Interface != null && state.Link(spec.Interface) is null)
                throw new XHostException(XHostErrorKind.NotFound, ErrorIds.InterfaceNotFound, $"There is no interface '{spec.Interface}' on host '{session.Host}'.");
            if (state.Links.SelectMany(l => l.Addresses).Any(a => a.Address.Address.Equals(spec.Gateway)))
                throw Invalid(ErrorIds.GatewayIsLocal, $"Gateway {spec.Gateway} is an address of host '{session.Host}' itself; a gateway is the next host on the way. Nothing was changed.");

            // The kernel only takes a gateway it reaches directly (or one declared on-link); say so before changing anything.
            var device = spec.Interface;
            if (!spec.OnLink)
            {
                var toGateway = IpRouteJson.Lookup(state.Routes.Where(r => spec.Interface is null || r.Device == spec.Interface), spec.Gateway);
                if (toGateway is null || toGateway.Gateway != null)
                {
                    throw new XHostException(XHostErrorKind.InvalidArgument, ErrorIds.GatewayNotDirectlyReachable,
                        $"Gateway {spec.Gateway} is not on a network directly connected to host '{session.Host}'" +
                        (spec.Interface != null ? $" through {spec.Interface}" : "") +
                        ". Nothing was changed. Use a gateway on a connected network, or -Interface with -OnLink to reach it on that device anyway.");
                }
                device ??= toGateway.Device;
            }

            var metric = spec.Metric ?? IpRouteJson.DefaultMetric(dst);
            var existing = state.Routes.FirstOrDefault(r => r.Destination.Equals(dst) && IpRouteJson.EffectiveMetric(r) == metric);
            var command = new List<string> { "ip", "route", existing is null ? "add" : "replace", dst.ToString(), "via", spec.Gateway.ToString() };
            if (spec.Interface != null) command.AddRange(new[] { "dev", spec.Interface });
            if (spec.OnLink) command.Add("onlink");
            if (spec.Metric is uint m) command.AddRange(new[] { "metric", m.ToString(CultureInfo.InvariantCulture) });
            command.AddRange(new[] { "proto", Protocol });

            var commands = new List<IReadOnlyList<string>>();
            ContainerRoute? current = null;
            var rollback = Array.Empty<IReadOnlyList<string>>();
            if (existing != null)
            {
                current = ToContainerRoute(state, existing);
                var same = Equals(existing.Gateway, spec.Gateway) && (spec.Interface is null || existing.Device == spec.Interface) && existing.OnLink == spec.OnLink;
                if (!same)
                {
                    if (!force)
                    {
                        throw new XHostException(XHostErrorKind.Conflict, ErrorIds.RouteConflict,
                            $"Host '{session.Host}' already routes {dst} {Describe(existing)}. Nothing was changed. Use -Force to replace that route.");
                    }
                    commands.Add(command);
                }
            }
            else
            {
                commands.Add(command);
                rollback = new[] { (IReadOnlyList<string>)DeleteCommand(dst, spec.Gateway, spec.Interface, spec.Metric) };
            }

            var plan = new ChangePlan<ContainerRoute>(session, "route " + dst, commands, current) { RollbackCommands = rollback };
            if (state.OvsWarning != null) plan.Warnings.Add(state.OvsWarning);
            var (kind, _, via) = PathClassifier.Classify(state, device);
            var tunnels = PathClassifier.AllTunnels(state);
            if (kind == RoutePathKind.Underlay && tunnels.Count > 0)
            {
                var tunnelBridge = state.Links.FirstOrDefault(l => l.Kind == "bridge" && PathClassifier.Classify(state, l.Name).Kind == RoutePathKind.Tunnel)?.Name;
                plan.Warnings.Add(
                    $"The route to {dst} on host '{session.Host}' sends its traffic out of {via} as plain IP to {spec.Gateway}, not through a tunnel; " +
                    $"the tunnel{(tunnels.Count > 1 ? "s" : "")} {string.Join(", ", tunnels)} will not carry it, and it only arrives if {spec.Gateway} is on the same L2 segment. " +
                    "To send it through the tunnel, route via the peer's bridge address on the bridge that holds the tunnel: " +
                    $"-Gateway <peer bridge address> -Interface {tunnelBridge ?? "<that bridge>"} -OnLink.");
            }
            var better = state.Routes.Where(r => r.Destination.Equals(dst) && IpRouteJson.EffectiveMetric(r) < metric).OrderBy(IpRouteJson.EffectiveMetric).FirstOrDefault();
            if (better != null)
            {
                plan.Warnings.Add($"Host '{session.Host}' already routes {dst} {Describe(better)} with metric {IpRouteJson.EffectiveMetric(better)}, " +
                                  $"lower than {metric}: that route wins, and this one is only a fallback.");
            }
            return plan.WithReadBack(HostNetworkState.ReadCommands(session, OvsNeed.IfAvailable), results =>
            {
                var after = HostNetworkState.Parse(session, results, OvsNeed.IfAvailable);
                var route = after.Routes.FirstOrDefault(r => r.Destination.Equals(dst) && IpRouteJson.EffectiveMetric(r) == metric)
                            ?? throw new XHostException(XHostErrorKind.Failed, ErrorIds.RouteNotPresent, $"The route to {dst} is not in host '{session.Host}''s main table after the change.");
                return ToContainerRoute(after, route);
            });
        }

        /// <summary>Removes the routes to a destination (only those via the given gateway, if one is given). Nothing to remove is not an error.</summary>
        public static ChangePlan<ContainerRoute> PlanRemove(HostNetworkState state, InterfaceAddress destination, IPAddress? gateway)
        {
            // Only routes through a gateway, as Get-ContainerRoute lists them: never the kernel's connected routes or a default route.
            var matching = state.Routes.Where(r => r.Destination.Equals(destination.Network) && r.Gateway != null && r.Destination.PrefixLength > 0 &&
                                                   (gateway is null || Equals(r.Gateway, gateway))).ToList();
            var commands = matching.Select(r => (IReadOnlyList<string>)DeleteCommand(r.Destination, r.Gateway, r.Device, r.Metric)).ToList();
            var current = matching.Select(r => ToContainerRoute(state, r)).FirstOrDefault();
            return new ChangePlan<ContainerRoute>(state.Session, "route " + destination.Network, commands, current);
        }

        /// <summary>Routes through a gateway (container routes and the like), default routes left out.</summary>
        public static IReadOnlyList<ContainerRoute> ReadRoutes(HostNetworkState state) =>
            state.Routes.Where(r => r.Type == "unicast" && r.Gateway != null && r.Destination.PrefixLength > 0)
                .Select(r => ToContainerRoute(state, r)).ToList();

        public static ContainerRoute ToContainerRoute(HostNetworkState state, IpRoute route)
        {
            var (kind, _, via) = PathClassifier.Classify(state, route.Device, route.Type);
            return new ContainerRoute
            {
                Destination = route.Destination.ToString(),
                Gateway = route.Gateway?.ToString(),
                Interface = route.Device,
                OnLink = route.OnLink,
                Metric = route.Metric,
                Protocol = route.Protocol,
                Path = kind,
                Via = via,
                Session = state.Session,
            };
        }

        private static List<string> DeleteCommand(InterfaceAddress dst, IPAddress? gateway, string? device, uint? metric)
        {
            var command = new List<string> { "ip", "route", "del", dst.ToString() };
            if (gateway != null) command.AddRange(new[] { "via", gateway.ToString() });
            if (device != null) command.AddRange(new[] { "dev", device });
            if (metric is uint m) command.AddRange(new[] { "metric", m.ToString(CultureInfo.InvariantCulture) });
            return command;
        }

        private static string Describe(IpRoute r) =>
            (r.Gateway != null ? $"via {r.Gateway}" : "directly") + (r.Device != null ? $" dev {r.Device}" : "") + (r.OnLink ? " onlink" : "");

        private static XHostException Invalid(string id, string message) => new XHostException(XHostErrorKind.InvalidArgument, id, message);
    }
}
