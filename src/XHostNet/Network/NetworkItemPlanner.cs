using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using XHostNet.Execution;
using XHostNet.Linux;
using XHostNet.Ovs;
using XHostNet.Planning;
using XHostNet.Routing;
using XHostNet.Tunnels;

namespace XHostNet.Network
{
    /// <summary>
    /// Judges one recorded item against a host's snapshot (is it still there, as made?) and plans its removal with the
    /// existing planners. Pure: no I/O. Disconnect-XHostNetwork and the removal of a dropped peer share it.
    /// </summary>
    public static class NetworkItemPlanner
    {
        /// <summary>Why the item is not on the host as recorded, or null when it is.</summary>
        public static string? Drift(NetworkItem item, NetworkHostRead read)
        {
            var state = read.State;
            switch (item.Kind)
            {
                case NetworkItemKind.LinuxBridge:
                    return state.Link(item.Name) is { Kind: "bridge" } ? null : $"bridge {item.Name} is missing";
                case NetworkItemKind.Address:
                    return state.Link(item.Name)?.Addresses.Any(a => a.Address.ToString() == item.Address) == true ? null : $"address {item.Address} is not on {item.Name}";
                case NetworkItemKind.OvsBridge:
                    if (state.Ovs is null) return $"Open vSwitch bridge {item.Name} cannot be checked: Open vSwitch did not answer";
                    return state.Ovs.Bridge(item.Name) is null ? $"Open vSwitch bridge {item.Name} is missing" : null;
                case NetworkItemKind.BridgePort:
                    return state.Link(item.Name)?.Master == item.Bridge ? null : $"{item.Name} is not a port of {item.Bridge}";
                case NetworkItemKind.Tunnel:
                    var tunnel = TunnelPlanner.Find(state, KindOf(item), item.Name);
                    if (tunnel is null) return state.Ovs is null && KindOf(item) == TunnelKind.Gre
                        ? $"tunnel {item.Name} cannot be checked: Open vSwitch did not answer" : $"tunnel {item.Name} is missing";
                    if (tunnel.RemoteAddress != item.Address) return $"tunnel {item.Name} goes to {tunnel.RemoteAddress}, not {item.Address}";
                    if (!tunnel.SplitHorizon) return $"tunnel {item.Name} lost its split horizon, so the mesh can loop";
                    return tunnel.Error is { } error ? $"tunnel {item.Name} does not work: {error}" : null;
                case NetworkItemKind.Route:
                    var route = Routes(item, state).FirstOrDefault();
                    return route != null ? null : $"route {item.Address} via {item.Gateway} is missing";
                case NetworkItemKind.NicMove:
                    return NicMove.Drift(item, state);
                case NetworkItemKind.DockerSettings:
                    return NetworkDocker.Drift(item, read.Docker);
                case NetworkItemKind.BootConfig:
                    return NetworkBootConfig.Drift(item, read);
                case NetworkItemKind.SubnetFile:
                    // Known only where the file was read (Connect's own, or a record's with WithSubnetFilesAsync).
                    if (!read.SubnetFiles.TryGetValue(item.Name, out var text)) return null;
                    return text is null ? $"lease file {item.Name} is missing" : HostFile.Sha256(text) == item.Value ? null : $"lease file {item.Name} was changed since it was written";
                case NetworkItemKind.Sysctl:
                    return item.Name != NetworkHostRead.ForwardingSysctl || read.Forwarding == item.Value ? null : $"{item.Name} is {read.Forwarding ?? "unreadable"}, not {item.Value}";
                default:
                    return null;
            }
        }

        /// <summary>
        /// The commands that undo the item as far as it is still there; nothing for what is gone already. A tunnel that
        /// now goes elsewhere is someone else's and stays.
        /// </summary>
        public static IReadOnlyList<IReadOnlyList<string>> PlanRemove(NetworkItem item, NetworkHostRead read)
        {
            var state = read.State;
            var none = Array.Empty<IReadOnlyList<string>>();
            switch (item.Kind)
            {
                case NetworkItemKind.Route:
                    return Routes(item, state).Any() ? RoutePlanner.PlanRemove(state, InterfaceAddress.Parse(item.Address!), IPAddress.Parse(item.Gateway!)).Commands : none;
                case NetworkItemKind.Tunnel:
                    var tunnel = TunnelPlanner.Find(state, KindOf(item), item.Name);
                    if (tunnel is null && KindOf(item) == TunnelKind.Gre && state.Ovs is null) throw OvsUnreadable(read, item);
                    return tunnel != null && tunnel.RemoteAddress == item.Address ? TunnelPlanner.PlanRemove(state, item.Name, KindOf(item)).Commands : none;
                case NetworkItemKind.BridgePort:
                    return state.Link(item.Name)?.Master == item.Bridge && state.Link(item.Bridge!) is { Kind: "bridge" }
                        ? LinuxBridgePlanner.PlanRemovePorts(state.Session, state.Links, item.Bridge!, new[] { item.Name }).Commands : none;
                case NetworkItemKind.OvsBridge:
                    if (state.Ovs is null) throw OvsUnreadable(read, item);
                    return OvsBridgePlanner.PlanRemove(state, item.Name).Commands;
                case NetworkItemKind.Address:
                    return state.Link(item.Name)?.Addresses.Any(a => a.Address.ToString() == item.Address) == true
                        ? new[] { new[] { "ip", "address", "del", item.Address!, "dev", item.Name } } : none;
                case NetworkItemKind.LinuxBridge:
                    return state.Link(item.Name) is { Kind: "bridge" } ? LinuxBridgePlanner.PlanRemove(state.Session, state.Links, item.Name).Commands : none;
                case NetworkItemKind.NicMove:
                    return NicMove.PlanBack(item, state);
                case NetworkItemKind.BootConfig:
                    return NetworkBootConfig.PlanRemove(item, read).Commands;
                case NetworkItemKind.SubnetFile:
                    // Only a file still as written: one rewritten since (flanneld's, an operator's) is theirs and stays.
                    if (!read.SubnetFiles.TryGetValue(item.Name, out var current) || current is null || HostFile.Sha256(current) != item.Value) return none;
                    return new[] { item.Previous is null ? HostFile.RemoveIfUnchanged(item.Name, item.Value!) : (IReadOnlyList<string>)HostFile.WriteAtomically(item.Name, item.Previous, item.Value) };
                case NetworkItemKind.Sysctl:
                    // Put back only a value that is still ours: an operator's later change wins.
                    return item.Previous != null && item.Name == NetworkHostRead.ForwardingSysctl && read.Forwarding == item.Value
                        ? new[] { SetSysctl(item.Name, item.Previous) } : none;
                default:
                    return none;
            }
        }

        public static IReadOnlyList<string> SetSysctl(string name, string value) => new[] { "sysctl", "-qw", name + "=" + value };

        public static TunnelKind KindOf(NetworkItem item) => item.TunnelKind == nameof(TunnelKind.Vxlan) ? TunnelKind.Vxlan : TunnelKind.Gre;

        private static IEnumerable<IpRoute> Routes(NetworkItem item, HostNetworkState state) =>
            state.Routes.Where(r => r.Destination.ToString() == item.Address && r.Gateway?.ToString() == item.Gateway);

        private static XHostException OvsUnreadable(NetworkHostRead read, NetworkItem item) =>
            new XHostException(XHostErrorKind.Unavailable, ErrorIds.OvsDatabaseUnavailable,
                $"{item} on host '{read.Session.Host}' is an Open vSwitch part, but Open vSwitch does not answer there" +
                (read.State.OvsWarning is { } why ? $" ({why})" : "") + ". Nothing was changed on that host. Start Open vSwitch and run the command again.");
    }
}
