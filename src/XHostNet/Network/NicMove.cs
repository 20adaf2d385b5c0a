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
    /// A host's NIC moved into br0 with its LAN address and gateway routes (the host-NIC bridge recipe), as the network's
    /// record keeps it, and its exact reverse for Disconnect. The move itself is the host's watchdog's
    /// (<see cref="AddressMovePlan"/>): Connect-XHostNetwork records it only once a new connection confirmed it.
    /// </summary>
    public static class NicMove
    {
        /// <summary>The record's item for moving <paramref name="address"/> from <paramref name="nic"/> to <paramref name="bridge"/>, with the NIC's gateway routes.</summary>
        public static NetworkItem Item(HostNetworkState state, string nic, string bridge, InterfaceAddress address) => new NetworkItem
        {
            Kind = NetworkItemKind.NicMove, Name = nic, Bridge = bridge, Address = address.ToString(),
            Routes = state.Routes.Where(r => r.Device == nic && r.Gateway != null && !r.Destination.IsIPv6).Select(Describe).ToList(),
        };

        /// <summary>The move undone: the address and the routes back on the NIC, the NIC out of the bridge.</summary>
        public static IReadOnlyList<IReadOnlyList<string>> PlanBack(NetworkItem item, HostNetworkState state)
        {
            var port = state.Link(item.Name);
            if (port is null) return Array.Empty<IReadOnlyList<string>>();
            return Back(item, port.Addresses.Any(a => a.Address.ToString() == item.Address) ? item.Name : null)
                .Where(c => c[c.Count - 1] != "nomaster" || port.Master == item.Bridge).ToList();
        }

        /// <summary>
        /// The move undone by the host's watchdog, as the move was made (Disconnect-XHostNetwork): the address and the
        /// recorded routes back on the NIC, the NIC out of the bridge and, when <paramref name="deleteBridge"/>, the bridge
        /// deleted; the host restores all of it unless a new connection confirms. Empty when the NIC is already out.
        /// </summary>
        public static AddressMovePlan PlanRelease(NetworkItem item, AddressMoveState state, bool deleteBridge, TimeSpan confirmTimeout) =>
            AddressMovePlanner.PlanRelease(state, item.Name, item.Bridge!, new[] { item.Address! },
                (item.Routes ?? new List<string>()).Select(Gateway).Where(g => g != null).Select(g => g!).ToList(), deleteBridge, confirmTimeout);

        // "default via 10.1.0.1 metric 100" → 10.1.0.1.
        private static string? Gateway(string route)
        {
            var parts = route.Split(' ');
            var at = Array.IndexOf(parts, "via");
            return at >= 0 && at + 1 < parts.Length ? parts[at + 1] : null;
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
