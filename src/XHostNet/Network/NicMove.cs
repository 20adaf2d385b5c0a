using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using XHostNet.Linux;
using XHostNet.Planning;
using XHostNet.Routing;

namespace XHostNet.Network
{
    /// <summary>
    /// Moving a host's NIC into br0 with its LAN address and the routes through it (the host-NIC bridge recipe), as
    /// ONE step of a batch and its exact reverse. Over SSH a wrong move can cut the session that makes it; this is the
    /// one place to swap for a move a watchdog on the host undoes unless confirmed (Add-LinuxBridgePort -MoveAddress).
    /// </summary>
    public static class NicMove
    {
        /// <summary>
        /// The commands that move <paramref name="address"/> from <paramref name="nic"/> to <paramref name="bridge"/>, make
        /// the NIC a port of it, and put the NIC's gateway routes on the bridge; their undo; and the record's item.
        /// Nothing when the move is done already.
        /// </summary>
        public static (IReadOnlyList<IReadOnlyList<string>> Commands, IReadOnlyList<IReadOnlyList<string>> Undo, NetworkItem? Made) Plan(
            HostNetworkState state, string nic, string bridge, InterfaceAddress address)
        {
            var port = state.Link(nic) ?? throw new XHostException(XHostErrorKind.NotFound, ErrorIds.InterfaceNotFound, $"There is no interface '{nic}' on host '{state.Session.Host}'.");
            var onBridge = state.Link(bridge)?.Addresses.Any(a => a.Address.Equals(address)) == true;
            var onNic = port.Addresses.Any(a => a.Address.Equals(address));
            var none = Array.Empty<IReadOnlyList<string>>();
            if (port.Master == bridge && onBridge && !onNic) return (none, none, null);
            var routes = state.Routes.Where(r => r.Device == nic && r.Gateway != null && !r.Destination.IsIPv6).ToList();
            var commands = new List<IReadOnlyList<string>>();
            var undo = new List<IReadOnlyList<string>>();
            if (!onBridge) commands.Add(new[] { "ip", "address", "add", address.ToString(), "dev", bridge });
            if (port.Master != bridge) commands.Add(new[] { "ip", "link", "set", "dev", nic, "master", bridge });
            if (!port.AdminUp) commands.Add(new[] { "ip", "link", "set", "dev", nic, "up" });
            if (onNic) commands.Add(new[] { "ip", "address", "del", address.ToString(), "dev", nic });
            // The kernel drops the NIC's gateway routes with its address: the same routes, now through br0.
            commands.AddRange(routes.Select(r => Route(r, bridge)));
            var item = new NetworkItem
            {
                Kind = NetworkItemKind.NicMove, Name = nic, Bridge = bridge, Address = address.ToString(),
                Routes = routes.Select(r => Describe(r)).ToList(),
            };
            undo.AddRange(Back(item, onNic ? null : nic));
            return (commands, undo, item);
        }

        /// <summary>The move undone: the address and the routes back on the NIC, the NIC out of the bridge.</summary>
        public static IReadOnlyList<IReadOnlyList<string>> PlanBack(NetworkItem item, HostNetworkState state)
        {
            var port = state.Link(item.Name);
            if (port is null) return Array.Empty<IReadOnlyList<string>>();
            return Back(item, port.Addresses.Any(a => a.Address.ToString() == item.Address) ? item.Name : null)
                .Where(c => c[c.Count - 1] != "nomaster" || port.Master == item.Bridge).ToList();
        }

        /// <summary>Whether the move still holds: the NIC in the bridge, the address on the bridge and not on the NIC.</summary>
        public static string? Drift(NetworkItem item, HostNetworkState state)
        {
            var port = state.Link(item.Name);
            if (port?.Master != item.Bridge) return $"{item.Name} is not a port of {item.Bridge}";
            if (state.Link(item.Bridge!)?.Addresses.Any(a => a.Address.ToString() == item.Address) != true) return $"address {item.Address} is not on {item.Bridge}";
            return null;
        }

        private static IEnumerable<IReadOnlyList<string>> Back(NetworkItem item, string? addressAlreadyOn)
        {
            if (addressAlreadyOn is null) yield return new[] { "ip", "address", "add", item.Address!, "dev", item.Name };
            yield return new[] { "ip", "address", "del", item.Address!, "dev", item.Bridge! };
            yield return new[] { "ip", "link", "set", "dev", item.Name, "nomaster" };
            foreach (var route in item.Routes ?? new List<string>())
                yield return new[] { "ip", "route", "replace" }.Concat(route.Split(' ')).Concat(new[] { "dev", item.Name }).ToArray();
        }

        private static IReadOnlyList<string> Route(IpRoute r, string device) =>
            new[] { "ip", "route", "replace" }.Concat(Describe(r).Split(' ')).Concat(new[] { "dev", device }).ToArray();

        /// <summary>A gateway route as ip takes it back, without its device: "default via 10.1.0.1 metric 100 proto dhcp".</summary>
        private static string Describe(IpRoute r)
        {
            var parts = new List<string> { r.Destination.PrefixLength == 0 ? "default" : r.Destination.ToString(), "via", r.Gateway!.ToString() };
            if (r.Metric is uint m) parts.AddRange(new[] { "metric", m.ToString(CultureInfo.InvariantCulture) });
            if (r.Protocol != null && r.Protocol != "kernel") parts.AddRange(new[] { "proto", r.Protocol });
            return string.Join(" ", parts);
        }
    }
}
