using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace XHostNet.Linux
{
    /// <summary>
    /// Plans moving a NIC into a bridge with its addresses and routes, the default route among them (what a host's own
    /// network setup does when it puts its uplink into br0). Pure: from an <see cref="AddressMoveState"/> to an
    /// <see cref="AddressMovePlan"/>; bad input fails here, before anything changes.
    /// </summary>
    public static class AddressMovePlanner
    {
        private static readonly Regex Mac = new Regex("^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}\\z", RegexOptions.CultureInvariant);

        /// <summary>
        /// The move of <paramref name="nic"/> into <paramref name="bridge"/> (made if missing): the bridge takes the NIC's MAC
        /// (peers' ARP and neighbour caches stay right) and is brought up, the NIC becomes its port, the NIC's addresses go
        /// to the bridge with their attributes, its routes in every table (not the kernel's own) are replaced by the same
        /// routes on the bridge, then the addresses leave the NIC. Restoring runs the other way and removes a bridge it made.
        /// A NIC that is already a port of the bridge with no address left is already moved: the plan is empty.
        /// </summary>
        public static AddressMovePlan Plan(AddressMoveState state, string nic, string bridge, TimeSpan confirmTimeout)
        {
            if (state is null) throw new ArgumentNullException(nameof(state));
            if (confirmTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(confirmTimeout), "The confirm timeout must be positive.");
            var session = state.Session;
            if (nic == bridge)
                throw new XHostException(XHostErrorKind.InvalidArgument, ErrorIds.BridgePortIsBridge, $"A bridge cannot be a port of itself ('{bridge}').");
            var port = state.Link(nic) ?? throw new XHostException(XHostErrorKind.NotFound, ErrorIds.InterfaceNotFound,
                $"There is no interface '{nic}' on host '{session.Host}'.");
            if (port.Kind == "bridge")
                throw new XHostException(XHostErrorKind.InvalidArgument, ErrorIds.BridgePortIsBridge,
                    $"'{nic}' on host '{session.Host}' is a Linux bridge; the kernel does not nest bridges.");
            var bridgeLink = state.Link(bridge);
            var current = bridgeLink is null ? null : LinuxBridgePlanner.ReadBridge(session, state.Links, bridge);
            if (port.Master != null && port.Master != bridge)
                throw new XHostException(XHostErrorKind.Conflict, ErrorIds.InterfaceHasOtherMaster,
                    $"'{nic}' on host '{session.Host}' is already a port of '{port.Master}'. Nothing was changed: its addresses would move into a bridge it is not a port of.");
            if (!Mac.IsMatch(port.MacAddress))
                throw new XHostException(XHostErrorKind.InvalidArgument, ErrorIds.InvalidArgument,
                    $"'{nic}' on host '{session.Host}' has no Ethernet MAC address ('{port.MacAddress}') for the bridge to take.");

            var addresses = state.AddressesOf(nic).Where(a => a.IsMovable).ToList();
            var routes = state.Routes.Where(r => r.Device == nic && r.IsMovable)
                // Routes through a gateway need the gateway's subnet on the device first: device routes go first.
                .OrderBy(r => r.Gateway is null ? 0 : 1).ToList();
            if (addresses.Count == 0 && routes.Count == 0)
            {
                if (port.Master == bridge) return Empty(session, nic, bridge, confirmTimeout, current);
                throw new XHostException(XHostErrorKind.InvalidArgument, ErrorIds.AddressMoveNothingToMove,
                    $"'{nic}' on host '{session.Host}' has no address or route to move. Nothing was changed. Add it without -MoveAddress.");
            }

            var onBridge = state.AddressesOf(bridge).Select(a => a.Address).ToList();
            var added = addresses.Where(a => !onBridge.Contains(a.Address)).ToList();
            var macChanges = bridgeLink is null || !string.Equals(bridgeLink.MacAddress, port.MacAddress, StringComparison.OrdinalIgnoreCase);
            var bridgeUp = bridgeLink?.AdminUp == true;

            var apply = new List<IReadOnlyList<string>>();
            if (bridgeLink is null) apply.Add(new[] { "ip", "link", "add", "name", bridge, "type", "bridge" });
            if (macChanges) apply.Add(new[] { "ip", "link", "set", "dev", bridge, "address", port.MacAddress });
            if (port.Master != bridge) apply.Add(new[] { "ip", "link", "set", "dev", nic, "master", bridge });
            if (!port.AdminUp) apply.Add(new[] { "ip", "link", "set", "dev", nic, "up" });
            if (!bridgeUp) apply.Add(new[] { "ip", "link", "set", "dev", bridge, "up" });
            apply.AddRange(added.Select(a => a.AddCommand(bridge)));
            apply.AddRange(routes.Select(r => r.ReplaceCommand(bridge)));
            // Secondaries before their primary: deleting a primary takes its secondaries with it.
            apply.AddRange(Enumerable.Reverse(addresses).Select(a => a.DeleteCommand(nic)));

            var restore = new List<(IReadOnlyList<string>, bool)>();
            if (port.Master != bridge) restore.Add((new[] { "ip", "link", "set", "dev", nic, "nomaster" }, false));
            // replace, not add: an address the move never got to delete is still there, and that is as restored.
            restore.AddRange(addresses.Select(a => (Replace(a.AddCommand(nic)), false)));
            restore.AddRange(routes.Select(r => (r.ReplaceCommand(nic), false)));
            if (bridgeLink is null) restore.Add((new[] { "ip", "link", "delete", "dev", bridge, "type", "bridge" }, true));
            else
            {
                restore.AddRange(Enumerable.Reverse(added).Select(a => (a.DeleteCommand(bridge), true)));
                if (macChanges) restore.Add((new[] { "ip", "link", "set", "dev", bridge, "address", bridgeLink.MacAddress }, false));
                if (!bridgeUp) restore.Add((new[] { "ip", "link", "set", "dev", bridge, "down" }, false));
            }
            if (!port.AdminUp) restore.Add((new[] { "ip", "link", "set", "dev", nic, "down" }, false));

            return new AddressMovePlan(session, nic, bridge, confirmTimeout, current, addresses, routes, bridgeLink is null, apply, restore);
        }

        /// <summary>
        /// A move made by <see cref="Plan"/> undone, as its own watchdog move (Disconnect-XHostNetwork): the bridge's
        /// <paramref name="addresses"/> (all of its movable ones when <paramref name="deleteBridge"/>) go back onto
        /// <paramref name="nic"/> with their attributes, the bridge's routes through the gateways of <paramref name="gateways"/>
        /// (all of its own when <paramref name="deleteBridge"/>) follow, the NIC leaves the bridge and, when
        /// <paramref name="deleteBridge"/>, the bridge goes. Restoring puts the NIC, its addresses and routes back into the
        /// bridge as they were. Nothing to release (the NIC out of the bridge): the plan is empty.
        /// </summary>
        public static AddressMovePlan PlanRelease(AddressMoveState state, string nic, string bridge, IReadOnlyCollection<string> addresses,
            IReadOnlyCollection<string> gateways, bool deleteBridge, TimeSpan confirmTimeout)
        {
            if (state is null) throw new ArgumentNullException(nameof(state));
            if (confirmTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(confirmTimeout), "The confirm timeout must be positive.");
            var session = state.Session;
            var port = state.Link(nic);
            var bridgeLink = state.Link(bridge);
            var current = bridgeLink?.Kind == "bridge" ? LinuxBridgePlanner.ReadBridge(session, state.Links, bridge) : null;
            // Out of the bridge already: released (what a hand left behind is the plain batch's, NicMove.PlanBack).
            if (port is null || bridgeLink is null || current is null || port.Master != bridge) return Empty(session, nic, bridge, confirmTimeout, current);

            var moved = state.AddressesOf(bridge).Where(a => a.IsMovable && (deleteBridge || addresses.Contains(a.Address.ToString()))).ToList();
            var routes = state.Routes.Where(r => r.Device == bridge && r.IsMovable && (deleteBridge || (r.Gateway != null && gateways.Contains(r.Gateway))))
                // Routes through a gateway need the gateway's subnet on the device first: device routes go first.
                .OrderBy(r => r.Gateway is null ? 0 : 1).ToList();

            var apply = new List<IReadOnlyList<string>> { new[] { "ip", "link", "set", "dev", nic, "nomaster" } };
            // replace, not add: an address already back on the NIC is as released.
            apply.AddRange(moved.Select(a => Replace(a.AddCommand(nic))));
            apply.AddRange(routes.Select(r => r.ReplaceCommand(nic)));
            // Secondaries before their primary: deleting a primary takes its secondaries with it.
            apply.AddRange(Enumerable.Reverse(moved).Select(a => a.DeleteCommand(bridge)));
            if (deleteBridge) apply.Add(new[] { "ip", "link", "delete", "dev", bridge, "type", "bridge" });

            var restore = new List<(IReadOnlyList<string>, bool)>();
            if (deleteBridge)
            {
                // The release may have failed before deleting the bridge: then it is still there, and that is as restored.
                restore.Add((new[] { "sh", "-c", "ip link show dev \"$1\" >/dev/null 2>&1 || ip link add name \"$1\" type bridge", "xhostnet-bridge", bridge }, false));
                restore.Add((new[] { "ip", "link", "set", "dev", bridge, "address", bridgeLink.MacAddress }, false));
                if (bridgeLink.AdminUp) restore.Add((new[] { "ip", "link", "set", "dev", bridge, "up" }, false));
            }
            restore.Add((new[] { "ip", "link", "set", "dev", nic, "master", bridge }, false));
            restore.AddRange(moved.Select(a => (Replace(a.AddCommand(bridge)), false)));
            restore.AddRange(routes.Select(r => (r.ReplaceCommand(bridge), false)));
            // Addresses the NIC did not hold before the release leave it; one the release never got to add is as restored.
            var onNic = state.AddressesOf(nic).Select(a => a.Address).ToList();
            restore.AddRange(Enumerable.Reverse(moved).Where(a => !onNic.Contains(a.Address)).Select(a => (a.DeleteCommand(nic), true)));

            return new AddressMovePlan(session, nic, bridge, confirmTimeout, current, moved, routes, deleteBridge, apply, restore, release: true);
        }

        private static AddressMovePlan Empty(Sessions.XHostSession session, string nic, string bridge, TimeSpan confirmTimeout, LinuxBridge? current) =>
            new AddressMovePlan(session, nic, bridge, confirmTimeout, current, Array.Empty<MovedAddress>(), Array.Empty<MovedRoute>(), false,
                Array.Empty<IReadOnlyList<string>>(), Array.Empty<(IReadOnlyList<string>, bool)>());

        private static IReadOnlyList<string> Replace(IReadOnlyList<string> addCommand) =>
            addCommand.Select((a, i) => i == 3 && a == "add" ? "replace" : a).ToList();
    }
}
