using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using XHostNet.Linux;
using XHostNet.Planning;
using XHostNet.Sessions;

namespace XHostNet.Docker
{
    /// <summary>
    /// Attaches a running container to a Linux bridge with a chosen address, as weave attach and pipework do: a veth pair,
    /// one end on the bridge, the other moved into the container's network namespace, addressed and brought up there.
    /// </summary>
    public static class ContainerNetworkPlanner
    {
        public static ChangePlan<ContainerInterface> PlanConnect(ContainerState container, ContainerAttachSpec spec)
        {
            var session = container.Session;
            var bridge = container.HostLinks.FirstOrDefault(l => l.Name == spec.Bridge) ?? throw new XHostException(XHostErrorKind.NotFound, ErrorIds.LinuxBridgeNotFound,
                $"There is no bridge '{spec.Bridge}' on host '{session.Host}'.");
            if (bridge.Kind != "bridge")
                throw new XHostException(XHostErrorKind.Conflict, ErrorIds.InterfaceNotABridge, $"'{spec.Bridge}' on host '{session.Host}' is not a Linux bridge.");
            var target = $"container {container.Name} on {spec.Bridge} with {spec.Address}";
            var maxPrefix = spec.Address.IsIPv6 ? 128 : 32;
            if (spec.Address.IsNetwork && spec.Address.PrefixLength < maxPrefix - 1)
                throw new XHostException(XHostErrorKind.InvalidArgument, ErrorIds.AddressIsNetwork, $"{spec.Address} is the network's own address; give the container a host address in it. Nothing was changed.");
            if (!spec.Address.IsIPv6 && spec.Address.PrefixLength < 31 && IsBroadcast(spec.Address))
                throw new XHostException(XHostErrorKind.InvalidArgument, ErrorIds.AddressIsBroadcast, $"{spec.Address} is the network's broadcast address; give the container a host address in it. Nothing was changed.");
            if (spec.Gateway != null && spec.Gateway.AddressFamily != spec.Address.Family)
                throw new XHostException(XHostErrorKind.InvalidArgument, ErrorIds.GatewayFamilyMismatch, $"Gateway {spec.Gateway} and address {spec.Address} are of different address families. Nothing was changed.");
            var interfaces = container.Interfaces();
            var existing = interfaces.FirstOrDefault(i => i.Addresses.Contains(spec.Address.ToString()));
            if (existing != null)
            {
                if (existing.Bridge != spec.Bridge)
                    throw new XHostException(XHostErrorKind.Conflict, ErrorIds.ContainerAddressInUse,
                        $"Container '{container.Name}' already has {spec.Address} on {existing.Name}, " +
                        (existing.Bridge is null ? "which is on no bridge of this host" : $"attached to '{existing.Bridge}'") + $", not on '{spec.Bridge}'. Nothing was changed.");
                // Attached already; only a default route asked for and not there yet is left to do.
                var route = container.Routes.FirstOrDefault(r => r.Destination.PrefixLength == 0 && r.Destination.Family == spec.Address.Family);
                var fix = spec.Gateway != null && !(route != null && Equals(route.Gateway, spec.Gateway) && route.Device == existing.Name)
                    ? new[] { container.InContainer("ip", "route", "replace", "default", "via", spec.Gateway.ToString(), "dev", existing.Name) }
                    : Array.Empty<IReadOnlyList<string>>();
                var again = new ChangePlan<ContainerInterface>(session, target, fix, existing);
                return fix.Length == 0 ? again : again.WithAsyncReadBack(async ct =>
                    (await ContainerState.ReadAsync(session, container.Id, ct).ConfigureAwait(false)).Interfaces().First(i => i.Name == existing.Name));
            }
            var clash = interfaces.FirstOrDefault(i => i.Addresses.Any(a => InterfaceAddress.Parse(a).Address.Equals(spec.Address.Address)));
            if (clash != null)
                throw new XHostException(XHostErrorKind.Conflict, ErrorIds.ContainerAddressInUse, $"Container '{container.Name}' already has {spec.Address.Address} on {clash.Name}. Nothing was changed.");

            var name = spec.InterfaceName ?? FreeName(container.Links);
            if (container.Links.Any(l => l.Name == name))
                throw new XHostException(XHostErrorKind.Conflict, ErrorIds.InterfaceNameInUse, $"Container '{container.Name}' already has an interface '{name}'. Nothing was changed.");
            // Deterministic host-side names from the container id, unique per container interface: xh + 8 hex + the name's tail.
            var hostSide = HostSideName(container.Id, name);
            var tempName = "xt" + hostSide.Substring(2);
            if (container.HostLinks.Any(l => l.Name == hostSide || l.Name == tempName))
                throw new XHostException(XHostErrorKind.Conflict, ErrorIds.InterfaceNameInUse, $"Host '{session.Host}' already has '{hostSide}' or '{tempName}'. Nothing was changed.");
            var mtu = bridge.Mtu.ToString(CultureInfo.InvariantCulture);
            var pid = container.Pid.ToString(CultureInfo.InvariantCulture);
            var commands = new List<IReadOnlyList<string>>
            {
                new[] { "ip", "link", "add", "name", hostSide, "mtu", mtu, "type", "veth", "peer", "name", tempName, "mtu", mtu },
                new[] { "ip", "link", "set", "dev", hostSide, "master", spec.Bridge },
                new[] { "ip", "link", "set", "dev", hostSide, "up" },
                new[] { "ip", "link", "set", "dev", tempName, "netns", pid },
                container.InContainer("ip", "link", "set", "dev", tempName, "name", name),
                container.InContainer("ip", "address", "add", spec.Address.ToString(), "dev", name),
                container.InContainer("ip", "link", "set", "dev", name, "up"),
            };
            if (spec.Gateway != null) commands.Add(container.InContainer("ip", "route", "replace", "default", "via", spec.Gateway.ToString(), "dev", name));
            var plan = new ChangePlan<ContainerInterface>(session, target, commands, null)
            {
                // Deleting the host side deletes the pair, wherever the other end has gone.
                RollbackCommands = new[] { (IReadOnlyList<string>)new[] { "ip", "link", "delete", "dev", hostSide } },
            };
            return plan.WithAsyncReadBack(async ct =>
            {
                var after = await ContainerState.ReadAsync(session, container.Id, ct).ConfigureAwait(false);
                return after.Interfaces().FirstOrDefault(i => i.Name == name) ?? throw new XHostException(XHostErrorKind.Failed, ErrorIds.ContainerInterfaceMissing,
                    $"Container '{container.Name}' has no interface '{name}' after the change.");
            });
        }

        /// <summary>
        /// Detaches the container interface that has the address (whatever its prefix length) or the name: deleting it
        /// inside the container deletes both ends. A stopped container has no interfaces left to detach.
        /// </summary>
        public static ChangePlan<ContainerInterface> PlanDisconnect(ContainerState container, string? interfaceName, InterfaceAddress? address)
        {
            var match = container.Interfaces().FirstOrDefault(i =>
                (interfaceName != null && i.Name == interfaceName) ||
                (address != null && i.Addresses.Any(a => InterfaceAddress.Parse(a).Address.Equals(address.Address))));
            var target = $"container {container.Name} interface {interfaceName ?? address?.ToString()}";
            if (match is null) return new ChangePlan<ContainerInterface>(container.Session, target, Array.Empty<IReadOnlyList<string>>(), null);
            var plan = new ChangePlan<ContainerInterface>(container.Session, target, new[] { container.InContainer("ip", "link", "delete", "dev", match.Name) }, match);
            // Interfaces XHostNet made have host sides named xh…; any other is Docker's own (its network goes with it).
            if (match.HostInterface is null || !match.HostInterface.StartsWith("xh", StringComparison.Ordinal))
                plan.Warnings.Add($"'{match.Name}' in container '{container.Name}' was not made by Connect-ContainerNetwork (Docker's own interface?): the container loses that network.");
            return plan;
        }

        private static bool IsBroadcast(InterfaceAddress address)
        {
            var bytes = address.Address.GetAddressBytes();
            for (var bit = address.PrefixLength; bit < 32; bit++)
                if ((bytes[bit / 8] & (0x80 >> (bit % 8))) == 0) return false;
            return true;
        }

        /// <summary>xh + 8 hex of the container id + 5 hex of a stable hash (FNV-1a) of the interface name: 15 bytes, IFNAMSIZ's limit.</summary>
        public static string HostSideName(string containerId, string interfaceName)
        {
            var hash = 2166136261u;
            foreach (var c in interfaceName) hash = (hash ^ c) * 16777619u;
            return "xh" + containerId.Substring(0, Math.Min(8, containerId.Length)) + (hash & 0xFFFFF).ToString("x5", CultureInfo.InvariantCulture);
        }

        private static string FreeName(IReadOnlyList<IpLink> links)
        {
            for (var i = 1; ; i++)
            {
                var name = "eth" + i.ToString(CultureInfo.InvariantCulture);
                if (links.All(l => l.Name != name)) return name;
            }
        }
    }
}
