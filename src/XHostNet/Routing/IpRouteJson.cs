using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json;
using XHostNet.Execution;
using XHostNet.Linux;

namespace XHostNet.Routing
{
    public static class IpRouteJson
    {
        public static IReadOnlyList<string> ShowCommand(bool ipv6) =>
            new[] { "ip", ipv6 ? "-6" : "-4", "-j", "route", "show", "table", "main" };

        public static IReadOnlyList<string> GetCommand(IPAddress destination) =>
            new[] { "ip", "-j", "route", "get", destination.ToString() };

        /// <summary>
        /// The host's decision for a packet it forwards: one from <paramref name="source"/> that arrived on
        /// <paramref name="inputInterface"/> (e.g. a container's, through the bridge its veth is a port of).
        /// </summary>
        public static IReadOnlyList<string> GetCommand(IPAddress destination, IPAddress source, string inputInterface) =>
            new[] { "ip", "-j", "route", "get", destination.ToString(), "from", source.ToString(), "iif", inputInterface };

        /// <summary>
        /// Reads <c>ip -j route</c> output (show or get). Fields that are missing or of another type read as not set;
        /// output that is not JSON, not an array of objects, or has a destination that is not a prefix is ToolOutputUnreadable.
        /// </summary>
        public static IReadOnlyList<IpRoute> Parse(string json) => ToolOutput.Read("ip -j route", () => ParseCore(json));

        private static IReadOnlyList<IpRoute> ParseCore(string json)
        {
            if (string.IsNullOrWhiteSpace(json)) return Array.Empty<IpRoute>();
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Array) throw new FormatException("it is not a JSON array of routes");
            var routes = new List<IpRoute>();
            foreach (var e in doc.RootElement.EnumerateArray())
            {
                if (e.ValueKind != JsonValueKind.Object) throw new FormatException($"a route is a JSON {e.ValueKind}, not an object");
                var dst = JsonText.StringOrNull(e, "dst") ?? "default";
                routes.Add(new IpRoute
                {
                    Destination = ParseDestination(dst, JsonText.StringOrNull(e, "gateway") ?? JsonText.StringOrNull(e, "prefsrc")),
                    Type = JsonText.StringOrNull(e, "type") ?? "unicast",
                    Gateway = Address(JsonText.StringOrNull(e, "gateway")),
                    Device = JsonText.StringOrNull(e, "dev"),
                    PreferredSource = Address(JsonText.StringOrNull(e, "prefsrc")),
                    Metric = IpJson.Property(e, "metric", JsonValueKind.Number) is JsonElement m && m.TryGetUInt32(out var metric) ? metric : (uint?)null,
                    Protocol = JsonText.StringOrNull(e, "protocol"),
                    Scope = JsonText.StringOrNull(e, "scope"),
                    OnLink = IpJson.Property(e, "flags", JsonValueKind.Array) is JsonElement flags &&
                             flags.EnumerateArray().Any(f => f.ValueKind == JsonValueKind.String && f.GetString() == "onlink"),
                });
            }
            return routes;
        }

        /// <summary>The metric the kernel gives a route added without one: 0 for IPv4, 1024 for IPv6.</summary>
        public static uint DefaultMetric(InterfaceAddress destination) => destination.IsIPv6 ? 1024u : 0u;

        /// <summary>The route's metric as the kernel uses it (ip leaves 0 out).</summary>
        public static uint EffectiveMetric(IpRoute route) => route.Metric ?? 0u;

        /// <summary>The route the kernel would pick from a table for an address: longest prefix, then lowest metric.</summary>
        public static IpRoute? Lookup(IEnumerable<IpRoute> routes, IPAddress address) =>
            routes.Where(r => r.Type == "unicast" && r.Destination.Contains(address))
                .OrderByDescending(r => r.Destination.PrefixLength).ThenBy(EffectiveMetric).FirstOrDefault();

        private static InterfaceAddress ParseDestination(string dst, string? familyHint)
        {
            if (dst == "default")
            {
                var v6 = familyHint != null && familyHint.Contains(":");
                return new InterfaceAddress(v6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
            }
            // ip prints a host route without its /32 or /128.
            if (!dst.Contains("/") && InterfaceAddress.TryParseAddress(dst, out var host, out _))
                return new InterfaceAddress(host!, host!.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 128 : 32);
            return InterfaceAddress.TryParse(dst, out var prefix, out var error) ? prefix! : throw new FormatException(error);
        }

        private static IPAddress? Address(string? text) => text != null && IPAddress.TryParse(text, out var a) ? a : null;

    }
}
