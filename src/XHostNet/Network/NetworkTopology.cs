using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using XHostNet.Docker;
using XHostNet.Linux;
using XHostNet.Routing;
using XHostNet.Tunnels;

namespace XHostNet.Network
{
    /// <summary>
    /// Decides, from every host's read, what each host is in the network: its underlay address, its subnet, and the one
    /// MTU they all use. Pure: no I/O. A host that cannot be placed is that host's error; the others go on without it.
    /// </summary>
    public sealed class NetworkTopology
    {
        private NetworkTopology(IReadOnlyList<NetworkMember> members, int mtu, IReadOnlyDictionary<NetworkHostRead, Exception> failures, IReadOnlyList<string> warnings)
        {
            Members = members;
            Mtu = mtu;
            Failures = failures;
            Warnings = warnings;
        }

        public IReadOnlyList<NetworkMember> Members { get; }
        public int Mtu { get; }
        public IReadOnlyDictionary<NetworkHostRead, Exception> Failures { get; }
        public IReadOnlyList<string> Warnings { get; }

        /// <summary>Header bytes each mode's tunnel adds over an IPv4 underlay (none without a tunnel).</summary>
        public static int Overhead(NetworkMode mode) => mode switch
        {
            NetworkMode.OvsGre => TunnelOverhead.Gre(ipv6Underlay: false, hasKey: false),
            NetworkMode.Vxlan => TunnelOverhead.Vxlan(ipv6Underlay: false),
            _ => 0,
        };

        /// <summary>The default share of each host: a /24 of a wider network, else just enough bits for the hosts.</summary>
        public static int DefaultPrefixLength(InterfaceAddress network, int hostCount)
        {
            if (network.PrefixLength < 24) return 24;
            var bits = 0;
            while ((1 << bits) < Math.Max(2, hostCount)) bits++;
            return network.PrefixLength + bits;
        }

        /// <summary>Places every host; with <paramref name="store"/> each host's subnet is its lease there instead of a share cut here.</summary>
        public static NetworkTopology Resolve(NetworkSpec spec, IReadOnlyList<(NetworkHostSpec Host, NetworkHostRead Read)> hosts, NetworkSubnetStore? store = null)
        {
            var failures = new Dictionary<NetworkHostRead, Exception>();
            var warnings = new List<string>();
            var placed = new List<(NetworkHostSpec Host, NetworkMember Member)>();
            foreach (var (host, read) in hosts)
            {
                try
                {
                    placed.Add((host, Place(spec, host, read, hosts.Where(h => h.Read != read).Select(h => h.Read).ToList())));
                }
                catch (XHostException ex)
                {
                    failures[read] = ex;
                }
            }

            var members = placed.Select(p => p.Member).ToList();
            var mtu = spec.Mtu ?? (members.Count == 0 ? 1500 : members.Min(m => m.UnderlayMtu) - Overhead(spec.Mode));
            if (store is null) AssignSubnets(spec, placed, hosts.Count);
            else
            {
                foreach (var failure in store.Assign(spec, members)) failures[failure.Key.Read] = failure.Value;
                members = members.Where(m => !failures.ContainsKey(m.Read)).ToList();
                foreach (var member in members) member.BridgeAddress = new InterfaceAddress(member.Subnet.Network.Plus(1).Address, member.Subnet.PrefixLength);
            }
            if (spec.Mode != NetworkMode.SharedLan)
                warnings.AddRange(ContainerSubnetPlanner.Check(members.Select(m => new ContainerSubnet { Subnet = m.Subnet.ToString(), HostName = m.Host, Bip = m.BridgeAddress.ToString(), Session = m.Read.Session }).ToList(),
                    members.Select(m => m.Read.State).ToList(), spec.ContainerNetwork));
            return new NetworkTopology(members, mtu, failures, warnings);
        }

        /// <summary>
        /// The underlay address: the one asked for; else the one an earlier run recorded, while the host still has it; else
        /// the IPv4 address whose network holds an address of every other host (the LAN they share), the one on the device
        /// of the default route when several do; else the address on the device of the default route.
        /// </summary>
        private static NetworkMember Place(NetworkSpec spec, NetworkHostSpec host, NetworkHostRead read, IReadOnlyList<NetworkHostRead> others)
        {
            var state = read.State;
            var candidates = state.Links
                .SelectMany(l => l.Addresses.Where(a => a.IsConfigured && a.Address.Family == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a.Address.Address))
                    .Select(a => (Link: l, Address: a.Address)))
                .Where(c => spec.Mode == NetworkMode.SharedLan || !spec.ContainerNetwork.Contains(c.Address.Address))
                .ToList();
            (IpLink Link, InterfaceAddress Address)? chosen = null;
            if (host.UnderlayAddress != null)
                chosen = candidates.FirstOrDefault(c => c.Address.Address.Equals(host.UnderlayAddress)) is { Link: not null } hit ? hit
                    : throw Unplaced(read, $"it has no address {host.UnderlayAddress}");
            else if (host.UnderlayInterface != null)
                chosen = candidates.FirstOrDefault(c => c.Link.Name == host.UnderlayInterface || c.Link.Master == host.UnderlayInterface) is { Link: not null } hit ? hit
                    : throw Unplaced(read, $"it has no IPv4 address on '{host.UnderlayInterface}'");
            else if (read.Record(spec.Name) is { } record && candidates.FirstOrDefault(c => c.Address.Address.ToString() == record.UnderlayAddress) is { Link: not null } recorded)
                chosen = recorded;
            else
            {
                var shared = candidates.Where(c => others.All(o => o.State.Links.SelectMany(l => l.Addresses).Any(a => a.IsConfigured && c.Address.Network.Contains(a.Address.Address) &&
                                                                                                                             a.Address.PrefixLength == c.Address.PrefixLength))).ToList();
                var defaultDevice = state.Routes.FirstOrDefault(r => r.Destination.PrefixLength == 0 && !r.Destination.IsIPv6)?.Device;
                if (shared.Count == 1) chosen = shared[0];
                // A network of one host has no peer to reach it: its first address will do, until a second host joins.
                else if (others.Count == 0 && candidates.Count > 0) chosen = candidates.FirstOrDefault(c => c.Link.Name == defaultDevice) is { Link: not null } d ? d : candidates[0];
                else if (shared.Count > 1 && shared.FirstOrDefault(c => c.Link.Name == defaultDevice) is { Link: not null } onDefault) chosen = onDefault;
                else if (shared.Count == 0 && candidates.FirstOrDefault(c => c.Link.Name == defaultDevice) is { Link: not null } fallback) chosen = fallback;
                else throw Unplaced(read, shared.Count > 1
                    ? $"it shares more than one network with every other host ({string.Join(", ", shared.Select(c => $"{c.Address} on {c.Link.Name}"))})"
                    : "it shares no network with every other host and has no default route");
            }
            var (link, address) = chosen!.Value;
            // In SharedLan mode the NIC may already be in br0 (an earlier run): the NIC is then the bridge's other port.
            var underlayInterface = host.UnderlayInterface ?? link.Name;
            if (spec.Mode == NetworkMode.SharedLan && link.Name == NetworkSpec.Bridge && host.UnderlayInterface is null)
                underlayInterface = read.Record(spec.Name)?.UnderlayInterface is { Length: > 0 } nic ? nic
                    : throw Unplaced(read, $"its LAN address is on {NetworkSpec.Bridge} already and no record says which NIC carries it; name it in the topology file");
            return new NetworkMember(read, address.Address, underlayInterface, address, link.Mtu);
        }

        private static void AssignSubnets(NetworkSpec spec, IReadOnlyList<(NetworkHostSpec Host, NetworkMember Member)> placed, int hostCount)
        {
            var network = spec.ContainerNetwork;
            var prefix = spec.SubnetPrefixLength ?? DefaultPrefixLength(network, hostCount);
            // A host keeps the subnet it was given (asked for, or recorded by an earlier run), so adding a host moves no other.
            var kept = new Dictionary<NetworkMember, InterfaceAddress>();
            foreach (var (host, member) in placed)
            {
                var record = member.Read.Record(spec.Name);
                if (host.Subnet != null) kept[member] = host.Subnet.Network;
                else if (record != null && record.Network == network.ToString() && InterfaceAddress.TryParse(record.Subnet, out var s, out _) && s!.PrefixLength == prefix)
                    kept[member] = s;
            }
            var rest = placed.Select(p => p.Member).Where(m => !kept.ContainsKey(m)).ToList();
            var exclude = kept.Values.Concat(spec.Mode == NetworkMode.SharedLan ? placed.Select(p => new InterfaceAddress(p.Member.UnderlayAddress, 32)) : Enumerable.Empty<InterfaceAddress>()).ToList();
            // SharedLan slices must not hold the LAN's own first address either (its usual gateway).
            if (spec.Mode == NetworkMode.SharedLan) exclude.AddRange(placed.Select(p => new InterfaceAddress(p.Member.UnderlayNetwork.Network.Plus(1).Address, 32)));
            var plan = ContainerSubnetPlanner.Plan(network, prefix, rest.Select(m => m.Host).ToList(), spec.Mode == NetworkMode.SharedLan ? SubnetUse.FixedCidr : SubnetUse.Bip, exclude);
            for (var i = 0; i < rest.Count; i++) kept[rest[i]] = InterfaceAddress.Parse(plan[i].Subnet);
            foreach (var member in placed.Select(p => p.Member))
            {
                member.Subnet = kept[member];
                member.BridgeAddress = spec.Mode == NetworkMode.SharedLan ? member.UnderlayNetwork : new InterfaceAddress(member.Subnet.Network.Plus(1).Address, member.Subnet.PrefixLength);
            }
        }

        private static XHostException Unplaced(NetworkHostRead read, string why) =>
            new XHostException(XHostErrorKind.InvalidArgument, ErrorIds.NetworkUnderlayNotFound,
                $"XHostNet cannot tell which address of host '{read.Session.Host}' its peers reach it at: {why}. Nothing was changed on it. " +
                "Name its underlay address or interface in a topology file (Connect-XHostNetwork -Path).");
    }
}
