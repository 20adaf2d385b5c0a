using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using XHostNet.Planning;
using XHostNet.Sessions;

namespace XHostNet.Linux
{
    /// <summary>Plans bridge changes from a host's links (desired vs current → iproute2 commands). Pure: no I/O.</summary>
    public static class LinuxBridgePlanner
    {
        public static ChangePlan<LinuxBridge> PlanNew(XHostSession session, IReadOnlyList<IpLink> links, LinuxBridgeSpec spec, bool force)
        {
            var name = spec.Name;
            var existing = links.FirstOrDefault(l => l.Name == name);
            var commands = new List<IReadOnlyList<string>>();
            if (existing is null)
            {
                var add = new List<string> { "ip", "link", "add", "name", name, "type", "bridge" };
                if (spec.Stp == true) add.AddRange(new[] { "stp_state", "1" });
                commands.Add(add);
                if (spec.Mtu is int mtu) commands.Add(SetMtu(name, mtu));
                foreach (var address in (spec.Addresses ?? Array.Empty<InterfaceAddress>()).Distinct()) commands.Add(AddAddress(name, address));
                commands.Add(new[] { "ip", "link", "set", "dev", name, "up" });
                return WithReadBack(new ChangePlan<LinuxBridge>(session, "bridge " + name, commands, null), session, name);
            }

            var bridge = RequireBridge(session, existing, links);
            var conflicts = new List<string>();
            if (spec.Stp is bool stp && existing.StpEnabled != stp)
            {
                conflicts.Add($"STP is {(existing.StpEnabled == true ? "on" : "off")} (asked {(stp ? "on" : "off")})");
                commands.Add(new[] { "ip", "link", "set", "dev", name, "type", "bridge", "stp_state", stp ? "1" : "0" });
            }
            if (spec.Mtu is int wantedMtu && existing.Mtu != wantedMtu)
            {
                conflicts.Add($"MTU is {existing.Mtu} (asked {wantedMtu})");
                commands.Add(SetMtu(name, wantedMtu));
            }
            if (spec.Addresses != null)
            {
                var configured = existing.Addresses.Where(a => a.IsConfigured).Select(a => a.Address).ToList();
                foreach (var extra in configured.Where(a => !spec.Addresses.Contains(a)))
                {
                    conflicts.Add($"it has address {extra}, which was not asked for");
                    commands.Add(new[] { "ip", "address", "del", extra.ToString(), "dev", name });
                }
                foreach (var missing in spec.Addresses.Where(a => !configured.Contains(a)).Distinct())
                    commands.Add(AddAddress(name, missing));
            }
            if (!existing.AdminUp) commands.Add(new[] { "ip", "link", "set", "dev", name, "up" });

            if (conflicts.Count > 0 && !force)
            {
                throw new XHostException(XHostErrorKind.Conflict, ErrorIds.LinuxBridgeConflict,
                    $"Bridge '{name}' on host '{session.Host}' already exists with other settings: {string.Join("; ", conflicts)}. " +
                    "Nothing was changed. Use -Force to change it to the settings asked for.");
            }
            return WithReadBack(new ChangePlan<LinuxBridge>(session, "bridge " + name, commands, bridge), session, name);
        }

        /// <summary>Removing a bridge that is not there changes nothing (desired state: absent); a non-bridge of that name is an error.</summary>
        public static ChangePlan<LinuxBridge> PlanRemove(XHostSession session, IReadOnlyList<IpLink> links, string name)
        {
            var link = links.FirstOrDefault(l => l.Name == name);
            if (link is null) return new ChangePlan<LinuxBridge>(session, "bridge " + name, Array.Empty<IReadOnlyList<string>>(), null);
            var bridge = RequireBridge(session, link, links);
            return new ChangePlan<LinuxBridge>(session, "bridge " + name,
                new[] { new[] { "ip", "link", "delete", "dev", name, "type", "bridge" } }, bridge);
        }

        public static ChangePlan<LinuxBridge> PlanAddPorts(XHostSession session, IReadOnlyList<IpLink> links, string bridgeName, IReadOnlyList<string> interfaceNames, bool force)
        {
            var bridge = RequireBridge(session, FindBridgeLink(session, links, bridgeName), links);
            var commands = new List<IReadOnlyList<string>>();
            var plan = new ChangePlan<LinuxBridge>(session, $"bridge {bridgeName} port {string.Join(", ", interfaceNames)}", commands, bridge);
            foreach (var interfaceName in interfaceNames.Distinct())
            {
                var port = FindInterface(session, links, interfaceName);
                if (port.Name == bridgeName)
                    throw new XHostException(XHostErrorKind.InvalidArgument, ErrorIds.BridgePortIsBridge, $"A bridge cannot be a port of itself ('{bridgeName}').");
                if (port.Kind == "bridge")
                    throw new XHostException(XHostErrorKind.InvalidArgument, ErrorIds.BridgePortIsBridge,
                        $"'{interfaceName}' on host '{session.Host}' is a Linux bridge; the kernel does not nest bridges. Connect them with a veth pair instead.");
                if (port.Master != bridgeName)
                {
                    if (port.Master != null && !force)
                    {
                        throw new XHostException(XHostErrorKind.Conflict, ErrorIds.InterfaceHasOtherMaster,
                            $"'{interfaceName}' on host '{session.Host}' is already a port of '{port.Master}'. Nothing was changed. Use -Force to move it to '{bridgeName}'.");
                    }
                    commands.Add(new[] { "ip", "link", "set", "dev", interfaceName, "master", bridgeName });
                    var addresses = port.Addresses.Where(a => a.IsConfigured).Select(a => a.Address.ToString()).ToList();
                    if (addresses.Count > 0)
                    {
                        plan.Warnings.Add($"'{interfaceName}' on host '{session.Host}' has {string.Join(", ", addresses)}. " +
                                          $"Once it is a port of '{bridgeName}' those addresses stop answering; put them on '{bridgeName}' instead, " +
                                          "or move them with -MoveAddress, which also moves its routes and rolls back unless confirmed.");
                    }
                }
                // A port that is down forwards nothing; brctl users expect an enslaved NIC to carry traffic.
                if (!port.AdminUp) commands.Add(new[] { "ip", "link", "set", "dev", interfaceName, "up" });
            }
            return WithReadBack(plan, session, bridgeName);
        }

        public static ChangePlan<LinuxBridge> PlanRemovePorts(XHostSession session, IReadOnlyList<IpLink> links, string bridgeName, IReadOnlyList<string> interfaceNames)
        {
            var bridge = RequireBridge(session, FindBridgeLink(session, links, bridgeName), links);
            var commands = new List<IReadOnlyList<string>>();
            // An interface that is not a port of this bridge (or not there at all) is already as asked: released.
            foreach (var interfaceName in interfaceNames.Distinct().Where(n => links.Any(l => l.Name == n && l.Master == bridgeName)))
                commands.Add(new[] { "ip", "link", "set", "dev", interfaceName, "nomaster" });
            var plan = new ChangePlan<LinuxBridge>(session, $"bridge {bridgeName} port {string.Join(", ", interfaceNames)}", commands, bridge);
            return WithReadBack(plan, session, bridgeName);
        }

        public static LinuxBridge ReadBridge(XHostSession session, IReadOnlyList<IpLink> links, string name) =>
            RequireBridge(session, FindBridgeLink(session, links, name), links);

        private static ChangePlan<LinuxBridge> WithReadBack(ChangePlan<LinuxBridge> plan, XHostSession session, string name)
        {
            return plan.WithReadBack(IpJson.ShowLinksCommand, json => ReadBridge(session, IpJson.ParseLinks(json), name));
        }

        private static IpLink FindBridgeLink(XHostSession session, IReadOnlyList<IpLink> links, string name) =>
            links.FirstOrDefault(l => l.Name == name) ?? throw new XHostException(XHostErrorKind.NotFound, ErrorIds.LinuxBridgeNotFound,
                $"There is no bridge '{name}' on host '{session.Host}'.");

        private static IpLink FindInterface(XHostSession session, IReadOnlyList<IpLink> links, string name) =>
            links.FirstOrDefault(l => l.Name == name) ?? throw new XHostException(XHostErrorKind.NotFound, ErrorIds.InterfaceNotFound,
                $"There is no interface '{name}' on host '{session.Host}'.");

        private static LinuxBridge RequireBridge(XHostSession session, IpLink link, IReadOnlyList<IpLink> links)
        {
            if (link.Kind != "bridge")
            {
                throw new XHostException(XHostErrorKind.Conflict, ErrorIds.InterfaceNotABridge,
                    $"'{link.Name}' on host '{session.Host}' is a{(link.Kind.Length == 0 ? " network" : " " + link.Kind)} interface, not a Linux bridge.");
            }
            return LinuxBridge.FromLinks(link, links, session);
        }

        private static IReadOnlyList<string> SetMtu(string name, int mtu) =>
            new[] { "ip", "link", "set", "dev", name, "mtu", mtu.ToString(CultureInfo.InvariantCulture) };

        private static IReadOnlyList<string> AddAddress(string name, InterfaceAddress address) =>
            new[] { "ip", "address", "add", address.ToString(), "dev", name };
    }
}
