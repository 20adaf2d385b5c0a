using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json;
using XHostNet.Execution;

namespace XHostNet.Linux
{
    /// <summary>Parses iproute2's JSON output.</summary>
    public static class IpJson
    {
        /// <summary>The read command whose output <see cref="ParseLinks"/> takes: every link with details and addresses.</summary>
        public static readonly IReadOnlyList<string> ShowLinksCommand = new[] { "ip", "-j", "-d", "-s", "address", "show" };

        /// <summary>
        /// Reads the links in <c>ip -j</c> output. Fields that are missing or of another type read as not set; output that is
        /// not JSON, not an array of objects, or carries an impossible address is ToolOutputUnreadable.
        /// </summary>
        public static IReadOnlyList<IpLink> ParseLinks(string json) =>
            ToolOutput.Read(XHostNet.Execution.ShellQuoting.Join(ShowLinksCommand), () => ParseLinksCore(json));

        private static IReadOnlyList<IpLink> ParseLinksCore(string json)
        {
            if (string.IsNullOrWhiteSpace(json)) return Array.Empty<IpLink>();
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
                throw new FormatException("it is not a JSON array of links");
            var links = new List<IpLink>();
            foreach (var e in doc.RootElement.EnumerateArray())
            {
                if (e.ValueKind != JsonValueKind.Object) throw new FormatException($"a link is a JSON {e.ValueKind}, not an object");
                var link = new IpLink
                {
                    Index = Int(e, "ifindex"),
                    Name = JsonText.StringOrNull(e, "ifname") ?? "",
                    Master = JsonText.StringOrNull(e, "master"),
                    Mtu = Int(e, "mtu"),
                    MacAddress = JsonText.StringOrNull(e, "address") ?? "",
                    OperState = JsonText.StringOrNull(e, "operstate") ?? "",
                    AdminUp = HasFlag(e, "UP"),
                };
                var info = Property(e, "linkinfo", JsonValueKind.Object);
                if (info is JsonElement linkInfo)
                {
                    link.Kind = JsonText.StringOrNull(linkInfo, "info_kind") ?? "";
                    // A Linux bridge port's "isolated" flag: isolated ports do not forward to each other (split horizon).
                    if (JsonText.StringOrNull(linkInfo, "info_slave_kind") == "bridge" &&
                        Property(linkInfo, "info_slave_data", JsonValueKind.Object) is JsonElement slave &&
                        slave.TryGetProperty("isolated", out var isolated) && (isolated.ValueKind == JsonValueKind.True || isolated.ValueKind == JsonValueKind.False))
                        link.Isolated = isolated.GetBoolean();
                    if (Property(linkInfo, "info_data", JsonValueKind.Object) is JsonElement data)
                    {
                        if (link.Kind == "bridge" && NullableInt(data, "stp_state") is int stp)
                            link.StpEnabled = stp != 0;
                        if (link.Kind == "vxlan")
                        {
                            link.Vxlan = new VxlanInfo
                            {
                                Id = Int(data, "id"),
                                Remote = JsonText.StringOrNull(data, "remote") ?? JsonText.StringOrNull(data, "remote6") ?? JsonText.StringOrNull(data, "group") ?? JsonText.StringOrNull(data, "group6"),
                                Local = JsonText.StringOrNull(data, "local") ?? JsonText.StringOrNull(data, "local6"),
                                Device = JsonText.StringOrNull(data, "link"),
                                Port = Int(data, "port"),
                            };
                        }
                    }
                }
                link.Addresses = ParseAddresses(e);
                link.PeerIndex = NullableInt(e, "link_index");
                link.PeerNamespaceId = NullableInt(e, "link_netnsid");
                if (Property(e, "stats64", JsonValueKind.Object) is JsonElement stats)
                {
                    link.TxPackets = Packets(stats, "tx");
                    link.RxPackets = Packets(stats, "rx");
                }
                links.Add(link);
            }
            return links;
        }

        private static IReadOnlyList<IpAddressEntry> ParseAddresses(JsonElement link)
        {
            if (!(Property(link, "addr_info", JsonValueKind.Array) is JsonElement list)) return Array.Empty<IpAddressEntry>();
            var result = new List<IpAddressEntry>();
            foreach (var a in list.EnumerateArray())
            {
                var local = JsonText.StringOrNull(a, "local");
                if (local is null || !IPAddress.TryParse(local, out var ip)) continue;
                var max = ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 128 : 32;
                var prefix = NullableInt(a, "prefixlen") ?? max;
                if (prefix < 0 || prefix > max) throw new FormatException($"the address {local} has the prefix length {prefix}");
                result.Add(new IpAddressEntry(new InterfaceAddress(ip, prefix), JsonText.StringOrNull(a, "scope") ?? "global"));
            }
            return result;
        }

        private static long? Packets(JsonElement stats, string direction) =>
            Property(stats, direction, JsonValueKind.Object) is JsonElement d && Property(d, "packets", JsonValueKind.Number) is JsonElement p &&
            p.TryGetInt64(out var n) ? n : (long?)null;

        private static bool HasFlag(JsonElement e, string flag) =>
            Property(e, "flags", JsonValueKind.Array) is JsonElement flags &&
            flags.EnumerateArray().Any(f => f.ValueKind == JsonValueKind.String && f.GetString() == flag);

        /// <summary>The named property when the element is an object that has it with this kind of value.</summary>
        internal static JsonElement? Property(JsonElement e, string name, JsonValueKind kind) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == kind ? v : (JsonElement?)null;

        internal static int? NullableInt(JsonElement e, string name) =>
            Property(e, name, JsonValueKind.Number) is JsonElement v && v.TryGetInt32(out var n) ? n : (int?)null;

        private static int Int(JsonElement e, string name) => NullableInt(e, name) ?? 0;
    }
}
