using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Numerics;
using XHostNet.Linux;
using XHostNet.Planning;
using XHostNet.Sessions;

namespace XHostNet.Docker
{
    /// <summary>Divides a network among hosts: in order, deterministically, never overlapping, skipping excluded addresses.</summary>
    public static class ContainerSubnetPlanner
    {
        public static IReadOnlyList<ContainerSubnet> Plan(InterfaceAddress network, int prefixLength, IReadOnlyList<string> hosts, SubnetUse use,
            IReadOnlyList<InterfaceAddress> exclude, IPAddress? min = null, IPAddress? max = null)
        {
            var bits = network.IsIPv6 ? 128 : 32;
            if (!network.IsNetwork)
                throw Invalid(ErrorIds.SubnetPlanNetworkInvalid, $"{network} has host bits set; the network is {network.Network}.");
            if (prefixLength < network.PrefixLength || prefixLength > bits)
                throw Invalid(ErrorIds.SubnetPlanPrefixInvalid, $"A subnet of {network} must have a prefix length from {network.PrefixLength} to {bits}, not {prefixLength}.");
            if (use == SubnetUse.Bip && prefixLength > bits - 2)
                throw Invalid(ErrorIds.SubnetPlanPrefixInvalid, $"A /{prefixLength} has no room for a bridge address and containers; use /{bits - 2} or shorter.");
            foreach (var bound in new[] { min, max })
                if (bound != null && !network.Contains(bound))
                    throw Invalid(ErrorIds.SubnetPlanBoundInvalid, $"{bound} is not inside {network}.");

            var size = BigInteger.One << (bits - prefixLength);
            var first = ToNumber(network.Address);
            var count = BigInteger.One << (prefixLength - network.PrefixLength);
            var start = min is null ? BigInteger.Zero : (ToNumber(min) - first) / size;
            var end = max is null ? count - 1 : (ToNumber(max) - first) / size;

            var plan = new List<ContainerSubnet>();
            for (var i = start; i <= end && plan.Count < hosts.Count; i++)
            {
                var subnet = new InterfaceAddress(ToAddress(first + i * size, network.IsIPv6), prefixLength);
                if (exclude.Any(x => x.Overlaps(subnet))) continue;
                var entry = new ContainerSubnet { HostName = hosts[plan.Count], Index = plan.Count, Network = network.ToString(), Subnet = subnet.ToString() };
                if (use == SubnetUse.FixedCidr) entry.FixedCidr = subnet.ToString();
                else entry.Bip = new InterfaceAddress(ToAddress(first + i * size + 1, network.IsIPv6), prefixLength).ToString();
                plan.Add(entry);
            }
            if (plan.Count < hosts.Count)
            {
                throw new XHostException(XHostErrorKind.Conflict, ErrorIds.SubnetPlanExhausted,
                    $"{network} has room for {plan.Count} /{prefixLength} subnet(s){(min != null || max != null ? " between the bounds given" : "")} " +
                    $"that avoid the excluded addresses ({(exclude.Count == 0 ? "none" : string.Join(", ", exclude))}), but {hosts.Count} hosts need one. " +
                    "Use a longer prefix, a larger network, or fewer exclusions.");
            }
            return plan;
        }

        /// <summary>
        /// Exclusions as a user writes them: a CIDR prefix excludes its network (10.246.10.7/24 excludes 10.246.10.0/24),
        /// a plain address just itself (/32 or /128). Anything else is refused (ExclusionInvalid), legacy IPv4 forms
        /// such as 10.246.010.0 included, which other tools read as different addresses.
        /// </summary>
        public static IReadOnlyList<InterfaceAddress> ParseExclusions(IEnumerable<string>? texts) =>
            (texts ?? Array.Empty<string>()).Select(ParseExclusion).ToList();

        private static InterfaceAddress ParseExclusion(string text)
        {
            if (InterfaceAddress.TryParse(text, out var prefix, out _)) return prefix!.Network;
            if (InterfaceAddress.TryParse(text + (text.Contains(":") ? "/128" : "/32"), out var single, out _)) return single!;
            throw Invalid(ErrorIds.ExclusionInvalid, $"-Exclude '{text}' is not an address or a CIDR prefix.");
        }

        /// <summary>
        /// What already on the hosts collides with a plan: an address inside a planned subnet (other than that host's own
        /// bridge address for --bip), or a route that overlaps a planned subnet without being exactly it. One line each.
        /// </summary>
        public static IReadOnlyList<string> Check(IReadOnlyList<ContainerSubnet> plan, IReadOnlyList<HostNetworkState> hosts, InterfaceAddress network)
        {
            var problems = new List<string>();
            foreach (var entry in plan)
            {
                var subnet = InterfaceAddress.Parse(entry.Subnet);
                foreach (var host in hosts)
                {
                    var own = ReferenceEquals(host.Session, entry.Session);
                    foreach (var link in host.Links)
                    foreach (var a in link.Addresses.Where(a => a.IsConfigured && subnet.Contains(a.Address.Address)))
                    {
                        if (own && entry.Bip != null && a.Address.ToString() == entry.Bip) continue;
                        problems.Add($"Host '{host.Session.Host}' has {a.Address} on {link.Name}, inside {entry.Subnet} planned for {entry.HostName}: " +
                                     "dockerd may give that address to a container. Add it to -Exclude.");
                    }
                    foreach (var r in host.Routes.Where(r => r.Destination.PrefixLength > network.PrefixLength && r.Destination.Overlaps(subnet) && !r.Destination.Equals(subnet)))
                    {
                        problems.Add($"Host '{host.Session.Host}' routes {r.Destination}{(r.Gateway != null ? " via " + r.Gateway : "")}{(r.Device != null ? " dev " + r.Device : "")}, " +
                                     $"which overlaps {entry.Subnet} planned for {entry.HostName}. Exclude {r.Destination}.");
                    }
                }
            }
            return problems;
        }

        private static BigInteger ToNumber(IPAddress address) => new BigInteger(Enumerable.Reverse(address.GetAddressBytes()).Concat(new byte[] { 0 }).ToArray());

        private static IPAddress ToAddress(BigInteger value, bool ipv6)
        {
            var length = ipv6 ? 16 : 4;
            var bytes = value.ToByteArray().Take(length).ToList();
            while (bytes.Count < length) bytes.Add(0);
            bytes.Reverse();
            return new IPAddress(bytes.ToArray());
        }

        private static XHostException Invalid(string id, string message) => new XHostException(XHostErrorKind.InvalidArgument, id, message);
    }
}
