using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using XHostNet.Execution;

namespace XHostNet.Linux
{
    /// <summary>
    /// One route of any table as <c>ip -j route show table all</c> prints it, with everything <c>ip route replace</c> needs to
    /// put it back as it was (table, metric, protocol, scope, preferred source, onlink, route metrics such as mtu): the
    /// routes an address move carries from a NIC to its bridge, the default route among them, and restores.
    /// </summary>
    public sealed class MovedRoute
    {
        // Route attributes ip prints under "metrics" that it takes back by the same name.
        private static readonly string[] RouteMetrics = { "mtu", "advmss", "window", "rtt", "rttvar", "cwnd", "initcwnd", "initrwnd", "hoplimit", "reordering" };

        public bool IsIPv6 { get; set; }
        public string Type { get; set; } = "unicast";
        /// <summary>As ip prints it: "default", a prefix, or a host address without its /32 or /128 (ip reads all back).</summary>
        public string Destination { get; set; } = "default";
        public string? Gateway { get; set; }
        public string? Device { get; set; }
        /// <summary>Null for the main table, which ip leaves out; else a table's name or number.</summary>
        public string? Table { get; set; }
        public string? Protocol { get; set; }
        public string? Scope { get; set; }
        public string? PreferredSource { get; set; }
        public uint? Metric { get; set; }
        public bool OnLink { get; set; }
        /// <summary>IPv6 router preference (low, medium, high).</summary>
        public string? Preference { get; set; }
        public IReadOnlyList<KeyValuePair<string, uint>> Metrics { get; set; } = Array.Empty<KeyValuePair<string, uint>>();

        /// <summary>
        /// Whether an address move carries it from its device: routes that the kernel keeps by itself stay out (the local
        /// table's, and protocol kernel's prefix routes, which follow the addresses), so does anything not on one device.
        /// </summary>
        public bool IsMovable => Device != null && Table != "local" && Protocol != "kernel";

        public bool IsDefault => Destination == "default";

        /// <summary>
        /// The argv that puts this route, with every attribute as it was, on <paramref name="device"/>. replace, not add:
        /// the kernel keys a route by table, destination and metric, not by device, so replace swaps it in one step.
        /// </summary>
        public IReadOnlyList<string> ReplaceCommand(string device)
        {
            var argv = new List<string> { "ip", IsIPv6 ? "-6" : "-4", "route", "replace" };
            if (Type != "unicast") argv.Add(Type);
            argv.Add(Destination);
            if (Gateway != null) argv.AddRange(new[] { "via", Gateway });
            argv.AddRange(new[] { "dev", device });
            if (Table != null) argv.AddRange(new[] { "table", Table });
            if (Protocol != null) argv.AddRange(new[] { "proto", Protocol });
            if (Scope != null) argv.AddRange(new[] { "scope", Scope });
            if (PreferredSource != null) argv.AddRange(new[] { "src", PreferredSource });
            if (Metric is uint metric) argv.AddRange(new[] { "metric", metric.ToString(CultureInfo.InvariantCulture) });
            if (OnLink) argv.Add("onlink");
            if (Preference != null) argv.AddRange(new[] { "pref", Preference });
            foreach (var m in Metrics) argv.AddRange(new[] { m.Key, m.Value.ToString(CultureInfo.InvariantCulture) });
            return argv;
        }

        /// <summary>How -WhatIf and messages name it: "default via 10.0.0.1 metric 100 table main".</summary>
        public override string ToString() =>
            Destination + (Gateway != null ? " via " + Gateway : "") + (Metric is uint m ? " metric " + m.ToString(CultureInfo.InvariantCulture) : "") +
            " table " + (Table ?? "main");

        /// <summary>Reads <c>ip -j route show table all</c> output of one family. Fields that are missing or of another type read as not set.</summary>
        public static IReadOnlyList<MovedRoute> Parse(string json, bool ipv6) =>
            ToolOutput.Read($"ip -{(ipv6 ? "6" : "4")} -j route show table all", () => ParseCore(json, ipv6));

        private static IReadOnlyList<MovedRoute> ParseCore(string json, bool ipv6)
        {
            if (string.IsNullOrWhiteSpace(json)) return Array.Empty<MovedRoute>();
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Array) throw new FormatException("it is not a JSON array of routes");
            var routes = new List<MovedRoute>();
            foreach (var e in doc.RootElement.EnumerateArray())
            {
                if (e.ValueKind != JsonValueKind.Object) throw new FormatException($"a route is a JSON {e.ValueKind}, not an object");
                routes.Add(new MovedRoute
                {
                    IsIPv6 = ipv6,
                    Type = JsonText.StringOrNull(e, "type") ?? "unicast",
                    Destination = JsonText.StringOrNull(e, "dst") ?? "default",
                    Gateway = JsonText.StringOrNull(e, "gateway"),
                    Device = JsonText.StringOrNull(e, "dev"),
                    Table = JsonText.StringOrNull(e, "table") is string table && table != "main" ? table : null,
                    Protocol = JsonText.StringOrNull(e, "protocol"),
                    Scope = JsonText.StringOrNull(e, "scope"),
                    PreferredSource = JsonText.StringOrNull(e, "prefsrc"),
                    Metric = IpJson.Property(e, "metric", JsonValueKind.Number) is JsonElement m && m.TryGetUInt32(out var metric) ? metric : (uint?)null,
                    OnLink = IpJson.Property(e, "flags", JsonValueKind.Array) is JsonElement flags &&
                             flags.EnumerateArray().Any(f => f.ValueKind == JsonValueKind.String && f.GetString() == "onlink"),
                    Preference = JsonText.StringOrNull(e, "pref"),
                    Metrics = ParseMetrics(e),
                });
            }
            return routes;
        }

        private static IReadOnlyList<KeyValuePair<string, uint>> ParseMetrics(JsonElement route)
        {
            if (!(IpJson.Property(route, "metrics", JsonValueKind.Array) is JsonElement list)) return Array.Empty<KeyValuePair<string, uint>>();
            var result = new List<KeyValuePair<string, uint>>();
            foreach (var item in list.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object))
                foreach (var property in item.EnumerateObject())
                    if (RouteMetrics.Contains(property.Name) && property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetUInt32(out var value))
                        result.Add(new KeyValuePair<string, uint>(property.Name, value));
            return result;
        }
    }
}
