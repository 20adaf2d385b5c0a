using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json;
using XHostNet.Execution;

namespace XHostNet.Linux
{
    /// <summary>An address as the kernel reports it, with its scope (global, link, host).</summary>
    public sealed class IpAddressEntry
    {
        public IpAddressEntry(InterfaceAddress address, string scope)
        {
            Address = address;
            Scope = scope;
        }

        public InterfaceAddress Address { get; }
        public string Scope { get; }
        /// <summary>Link-local and host addresses come and go with the link; only these count as configured.</summary>
        public bool IsConfigured => Scope != "link" && Scope != "host";
    }

    /// <summary>One network interface as <c>ip -j -d address show</c> reports it.</summary>
    public sealed class IpLink
    {
        public int Index { get; set; }
        public string Name { get; set; } = "";
        /// <summary>linkinfo.info_kind: bridge, veth, vxlan, openvswitch, tun …; empty for a plain NIC.</summary>
        public string Kind { get; set; } = "";
        public string? Master { get; set; }
        public int Mtu { get; set; }
        public string MacAddress { get; set; } = "";
        public string OperState { get; set; } = "";
        /// <summary>The UP flag: what `ip link set up` sets, independent of carrier.</summary>
        public bool AdminUp { get; set; }
        public bool? StpEnabled { get; set; }
        public IReadOnlyList<IpAddressEntry> Addresses { get; set; } = Array.Empty<IpAddressEntry>();
        /// <summary>The VXLAN settings of a vxlan link; null for other kinds.</summary>
        public VxlanInfo? Vxlan { get; set; }
        public long? TxPackets { get; set; }
        public long? RxPackets { get; set; }
        /// <summary>The ifindex of a veth's peer (iflink), in whichever namespace it is.</summary>
        public int? PeerIndex { get; set; }
    }

    /// <summary>linkinfo.info_data of a kernel VXLAN device.</summary>
    public sealed class VxlanInfo
    {
        public int Id { get; set; }
        public string? Remote { get; set; }
        public string? Local { get; set; }
        /// <summary>The underlay device the VXLAN is bound to (ip link add … dev X), if any.</summary>
        public string? Device { get; set; }
        public int Port { get; set; }
    }

    /// <summary>Parses iproute2's JSON output.</summary>
    public static class IpJson
    {
        /// <summary>The read command whose output <see cref="ParseLinks"/> takes: every link with details and addresses.</summary>
        public static readonly IReadOnlyList<string> ShowLinksCommand = new[] { "ip", "-j", "-d", "-s", "address", "show" };

        public static IReadOnlyList<IpLink> ParseLinks(string json)
        {
            if (string.IsNullOrWhiteSpace(json)) return Array.Empty<IpLink>();
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
                throw new FormatException("ip -j did not return a JSON array.");
            var links = new List<IpLink>();
            foreach (var e in doc.RootElement.EnumerateArray())
            {
                var link = new IpLink
                {
                    Index = Int(e, "ifindex"),
                    Name = JsonText.StringOrNull(e, "ifname") ?? "",
                    Master = JsonText.StringOrNull(e, "master"),
                    Mtu = Int(e, "mtu"),
                    MacAddress = JsonText.StringOrNull(e, "address") ?? "",
                    OperState = JsonText.StringOrNull(e, "operstate") ?? "",
                    AdminUp = e.TryGetProperty("flags", out var flags) && flags.ValueKind == JsonValueKind.Array &&
                              flags.EnumerateArray().Any(f => f.GetString() == "UP"),
                };
                if (e.TryGetProperty("linkinfo", out var info) && info.ValueKind == JsonValueKind.Object)
                {
                    link.Kind = JsonText.StringOrNull(info, "info_kind") ?? "";
                    if (info.TryGetProperty("info_data", out var data) && data.ValueKind == JsonValueKind.Object)
                    {
                        if (link.Kind == "bridge" && data.TryGetProperty("stp_state", out var stp) && stp.ValueKind == JsonValueKind.Number)
                            link.StpEnabled = stp.GetInt32() != 0;
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
                if (e.TryGetProperty("link_index", out var peer) && peer.ValueKind == JsonValueKind.Number) link.PeerIndex = peer.GetInt32();
                if (e.TryGetProperty("stats64", out var stats) && stats.ValueKind == JsonValueKind.Object)
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
            if (!link.TryGetProperty("addr_info", out var list) || list.ValueKind != JsonValueKind.Array)
                return Array.Empty<IpAddressEntry>();
            var result = new List<IpAddressEntry>();
            foreach (var a in list.EnumerateArray())
            {
                var local = JsonText.StringOrNull(a, "local");
                if (local is null || !IPAddress.TryParse(local, out var ip)) continue;
                result.Add(new IpAddressEntry(new InterfaceAddress(ip, Int(a, "prefixlen")), JsonText.StringOrNull(a, "scope") ?? "global"));
            }
            return result;
        }

        private static long? Packets(JsonElement stats, string direction) =>
            stats.TryGetProperty(direction, out var d) && d.TryGetProperty("packets", out var p) && p.ValueKind == JsonValueKind.Number
                ? p.GetInt64() : (long?)null;


        private static int Int(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : 0;
    }
}
