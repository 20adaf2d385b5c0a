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
    /// <summary>One network interface inside a container, as its network namespace reports it.</summary>
    public sealed class ContainerInterface
    {
        public string Container { get; set; } = "";
        public string ContainerId { get; set; } = "";
        public string Name { get; set; } = "";
        public string[] Addresses { get; set; } = Array.Empty<string>();
        public int Mtu { get; set; }
        public string MacAddress { get; set; } = "";
        /// <summary>The host side of the interface's veth pair and the bridge it is a port of, when known.</summary>
        public string? HostInterface { get; set; }
        public string? Bridge { get; set; }
        public string Host => Session?.Host ?? "local";
        public XHostSession? Session { get; set; }

        public override string ToString() => $"{Container}:{Name}";
    }

    /// <summary>A running container's network namespace, reached through its main process (nsenter -t PID -n).</summary>
    public sealed class ContainerState
    {
        public string Name { get; set; } = "";
        public string Id { get; set; } = "";
        public int Pid { get; set; }
        public IReadOnlyList<IpLink> Links { get; set; } = Array.Empty<IpLink>();
        public IReadOnlyList<XHostNet.Routing.IpRoute> Routes { get; set; } = Array.Empty<XHostNet.Routing.IpRoute>();
        /// <summary>False for a stopped container: it has no network namespace, and no interfaces.</summary>
        public bool Running { get; set; }
        /// <summary>The host's links, to find each container interface's veth peer and bridge.</summary>
        public IReadOnlyList<IpLink> HostLinks { get; set; } = Array.Empty<IpLink>();
        public XHostSession Session { get; set; } = null!;

        public IReadOnlyList<string> InContainer(params string[] argv) =>
            new[] { "nsenter", "-t", Pid.ToString(CultureInfo.InvariantCulture), "-n" }.Concat(argv).ToList();

        /// <summary>
        /// Runs a program of the container's own (its mount, UTS, IPC, network and PID namespaces, its root and working
        /// directory), as docker exec does, but as a child of this command on the host: when the command is stopped,
        /// so is the program, which a docker exec'd process is not.
        /// </summary>
        public IReadOnlyList<string> InWholeContainer(params string[] argv) =>
            new[] { "nsenter", "-t", Pid.ToString(CultureInfo.InvariantCulture), "-m", "-u", "-i", "-n", "-p", "-r", "-w", "--" }.Concat(argv).ToList();

        public IReadOnlyList<ContainerInterface> Interfaces() => Links.Where(l => l.Name != "lo").Select(l =>
        {
            var peer = l.PeerIndex is int index ? HostLinks.FirstOrDefault(h => h.Index == index && h.PeerIndex == l.Index) : null;
            return new ContainerInterface
            {
                Container = Name,
                ContainerId = Id,
                Name = l.Name,
                Addresses = l.Addresses.Where(a => a.IsConfigured).Select(a => a.Address.ToString()).ToArray(),
                Mtu = l.Mtu,
                MacAddress = l.MacAddress,
                HostInterface = peer?.Name,
                Bridge = peer?.Master,
                Session = Session,
            };
        }).ToList();

        /// <param name="allowStopped">Return a stopped container (with no interfaces) instead of refusing it.</param>
        public static async Task<ContainerState> ReadAsync(XHostSession session, string container, CancellationToken ct, bool allowStopped = false)
        {
            var inspect = await session.RunAsync(DockerCli.Command(session, "inspect", "--type", "container", "--format",
                "{{.Id}} {{.State.Pid}} {{.State.Running}} {{.Name}} {{.HostConfig.NetworkMode}}", container), ct).ConfigureAwait(false);
            if (!inspect.Succeeded)
            {
                if (DockerCli.Explain(inspect, session) is XHostException engine) throw engine;
                throw new XHostException(XHostErrorKind.NotFound, "ContainerNotFound", $"There is no container '{container}' on host '{session.Host}' ({inspect.StandardError.Trim()}).");
            }
            var f = inspect.StandardOutput.Trim().Split(' ');
            var running = f.Length >= 5 && f[2] == "true" && int.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid != 0;
            var state = new ContainerState { Name = f.Length > 3 ? f[3].TrimStart('/') : container, Id = f[0], Pid = running ? int.Parse(f[1], CultureInfo.InvariantCulture) : 0, Session = session, Running = running };
            if (!running)
            {
                if (allowStopped) return state;
                throw new XHostException(XHostErrorKind.Conflict, "ContainerNotRunning", $"Container '{container}' on host '{session.Host}' is not running, so it has no network namespace.");
            }
            // A container on the host's network shares the host's namespace: its "interfaces" are the host's own.
            if (f[4] == "host")
                throw new XHostException(XHostErrorKind.InvalidArgument, "ContainerUsesHostNetwork",
                    $"Container '{state.Name}' on host '{session.Host}' runs with --network host: it has no network namespace of its own.");
            var batch = await session.RunBatchAsync(new[]
            {
                state.InContainer(IpJson.ShowLinksCommand.ToArray()),
                IpJson.ShowLinksCommand,
                state.InContainer("ip", "-j", "route", "show"),
            }, stopOnError: false, ct).ConfigureAwait(false);
            state.Links = IpJson.ParseLinks(batch.Results[0].EnsureSuccess().StandardOutput);
            state.HostLinks = IpJson.ParseLinks(batch.Results[1].EnsureSuccess().StandardOutput);
            state.Routes = XHostNet.Routing.IpRouteJson.Parse(batch.Results[2].EnsureSuccess().StandardOutput);
            return state;
        }
    }

    /// <summary>What Connect-ContainerNetwork asks for.</summary>
    public sealed class ContainerAttachSpec
    {
        public string Bridge { get; set; } = "";
        public InterfaceAddress Address { get; set; } = null!;
        public System.Net.IPAddress? Gateway { get; set; }
        /// <summary>The interface's name inside the container; null picks the first free ethN.</summary>
        public string? InterfaceName { get; set; }
    }

    /// <summary>
    /// Attaches a running container to a Linux bridge with a chosen address, as weave attach and pipework do: a veth pair,
    /// one end on the bridge, the other moved into the container's network namespace, addressed and brought up there.
    /// </summary>
    public static class ContainerNetworkPlanner
    {
        public static ChangePlan<ContainerInterface> PlanConnect(ContainerState container, ContainerAttachSpec spec)
        {
            var session = container.Session;
            var bridge = container.HostLinks.FirstOrDefault(l => l.Name == spec.Bridge) ?? throw new XHostException(XHostErrorKind.NotFound, "LinuxBridgeNotFound",
                $"There is no bridge '{spec.Bridge}' on host '{session.Host}'.");
            if (bridge.Kind != "bridge")
                throw new XHostException(XHostErrorKind.Conflict, "InterfaceNotABridge", $"'{spec.Bridge}' on host '{session.Host}' is not a Linux bridge.");
            var target = $"container {container.Name} on {spec.Bridge} with {spec.Address}";
            var maxPrefix = spec.Address.IsIPv6 ? 128 : 32;
            if (spec.Address.IsNetwork && spec.Address.PrefixLength < maxPrefix - 1)
                throw new XHostException(XHostErrorKind.InvalidArgument, "AddressIsNetwork", $"{spec.Address} is the network's own address; give the container a host address in it. Nothing was changed.");
            if (!spec.Address.IsIPv6 && spec.Address.PrefixLength < 31 && IsBroadcast(spec.Address))
                throw new XHostException(XHostErrorKind.InvalidArgument, "AddressIsBroadcast", $"{spec.Address} is the network's broadcast address; give the container a host address in it. Nothing was changed.");
            if (spec.Gateway != null && spec.Gateway.AddressFamily != spec.Address.Family)
                throw new XHostException(XHostErrorKind.InvalidArgument, "GatewayFamilyMismatch", $"Gateway {spec.Gateway} and address {spec.Address} are of different address families. Nothing was changed.");
            var interfaces = container.Interfaces();
            var existing = interfaces.FirstOrDefault(i => i.Addresses.Contains(spec.Address.ToString()));
            if (existing != null)
            {
                if (existing.Bridge != spec.Bridge)
                    throw new XHostException(XHostErrorKind.Conflict, "ContainerAddressInUse",
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
                throw new XHostException(XHostErrorKind.Conflict, "ContainerAddressInUse", $"Container '{container.Name}' already has {spec.Address.Address} on {clash.Name}. Nothing was changed.");

            var name = spec.InterfaceName ?? FreeName(container.Links);
            if (container.Links.Any(l => l.Name == name))
                throw new XHostException(XHostErrorKind.Conflict, "InterfaceNameInUse", $"Container '{container.Name}' already has an interface '{name}'. Nothing was changed.");
            // Deterministic host-side names from the container id, unique per container interface: xh + 8 hex + the name's tail.
            var hostSide = HostSideName(container.Id, name);
            var tempName = "xt" + hostSide.Substring(2);
            if (container.HostLinks.Any(l => l.Name == hostSide || l.Name == tempName))
                throw new XHostException(XHostErrorKind.Conflict, "InterfaceNameInUse", $"Host '{session.Host}' already has '{hostSide}' or '{tempName}'. Nothing was changed.");
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
                return after.Interfaces().FirstOrDefault(i => i.Name == name) ?? throw new XHostException(XHostErrorKind.Failed, "ContainerInterfaceMissing",
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
