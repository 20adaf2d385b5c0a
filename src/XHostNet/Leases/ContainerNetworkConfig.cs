using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using XHostNet.Linux;

namespace XHostNet.Leases
{
    /// <summary>
    /// The network's configuration as flannel keeps it at &lt;prefix&gt;/config, with flannel's defaults applied the way
    /// flanneld applies them (CheckNetworkConfig): SubnetLen 24 when the network is /22 or wider, else prefix + 2;
    /// SubnetMin the second subnet (the first is skipped), SubnetMax the last. Keys XHostNet does not use are kept in
    /// <see cref="Json"/>, so a rewrite leaves flannel's other settings (VNI, Port, EnableIPv6…) as they were.
    /// </summary>
    public sealed class ContainerNetworkConfig
    {
        public string Network { get; set; } = "";
        public int SubnetLength { get; set; }
        public string SubnetMin { get; set; } = "";
        public string SubnetMax { get; set; } = "";
        /// <summary>Backend.Type; flannel's default is udp.</summary>
        public string Backend { get; set; } = "";
        /// <summary>How many subnets SubnetMin..SubnetMax hold: the most hosts the network can have.</summary>
        public long SubnetCount { get; set; }
        /// <summary>The key's value exactly as stored.</summary>
        public string Json { get; set; } = "";
        public string Key { get; set; } = "";
        public string Etcd { get; set; } = "";

        /// <summary>
        /// Every subnet of /<paramref name="length"/> (the config's SubnetLen unless given) from SubnetMin to the end of
        /// SubnetMax's subnet, in order. Another length is flannel-safe: its allocator skips any subnet a lease overlaps.
        /// </summary>
        public IEnumerable<InterfaceAddress> Subnets(int? length = null)
        {
            var size = 1L << (32 - (length ?? SubnetLength));
            var (first, end) = Range();
            for (var at = (first + size - 1) / size * size; at + size - 1 <= end; at += size)
                yield return new InterfaceAddress(FromNumber(at), length ?? SubnetLength);
        }

        /// <summary>Whether a lease's subnet lies in SubnetMin..SubnetMax (flannel gives up its own lease of a host when it does not).</summary>
        public bool Accepts(InterfaceAddress subnet)
        {
            var (first, end) = Range();
            var at = ToNumber(subnet.Network.Address);
            return subnet.PrefixLength <= 32 && at >= first && at + (1L << (32 - subnet.PrefixLength)) - 1 <= end;
        }

        /// <summary>The first and the last address leases may cover.</summary>
        private (long First, long End) Range() =>
            (ToNumber(IPAddress.Parse(SubnetMin)), ToNumber(IPAddress.Parse(SubnetMax)) + (1L << (32 - SubnetLength)) - 1);

        /// <summary>Parses a stored config; a value flanneld would refuse is refused with flannel's reason.</summary>
        public static ContainerNetworkConfig Parse(string json, string key, string etcd)
        {
            JsonObject root;
            try
            {
                root = JsonNode.Parse(json) as JsonObject ?? throw new FormatException("it is not a JSON object");
            }
            catch (JsonException ex)
            {
                throw Invalid(key, "it is not JSON: " + ex.Message);
            }
            catch (FormatException ex)
            {
                throw Invalid(key, ex.Message);
            }
            try
            {
                var config = FromJson(root);
                config.Json = json;
                config.Key = key;
                config.Etcd = etcd;
                return config;
            }
            catch (Exception ex) when (ex is FormatException || ex is InvalidOperationException || ex is JsonException)
            {
                throw Invalid(key, ex.Message);
            }
        }

        /// <summary>
        /// The config with these values set (the other keys as they were): what Set-ContainerNetworkConfig writes. A null
        /// min/max/length falls back to flannel's default rather than keeping an old value that may not fit the new network.
        /// </summary>
        public static string Compose(string? existingJson, InterfaceAddress network, int? subnetLength, IPAddress? subnetMin, IPAddress? subnetMax, string backend)
        {
            var root = Object(existingJson) ?? new JsonObject();
            root["Network"] = network.Network.ToString();
            Set(root, "SubnetLen", subnetLength.HasValue ? JsonValue.Create(subnetLength.Value) : null);
            Set(root, "SubnetMin", subnetMin is null ? null : JsonValue.Create(subnetMin.ToString()));
            Set(root, "SubnetMax", subnetMax is null ? null : JsonValue.Create(subnetMax.ToString()));
            // A backend's own settings (VNI, Port, DirectRouting) stay only while the type does.
            var oldBackend = root["Backend"] as JsonObject;
            var sameType = oldBackend != null && oldBackend["Type"]?.GetValueKind() == JsonValueKind.String && oldBackend["Type"]!.GetValue<string>() == backend;
            root["Backend"] = sameType ? oldBackend!.DeepClone() : new JsonObject { ["Type"] = backend };
            return root.ToJsonString();
        }

        /// <summary>The stored config as a JSON object; null when there is none or it is not one (a broken config is replaced whole).</summary>
        public static JsonObject? Object(string? json)
        {
            if (json is null) return null;
            try
            {
                return JsonNode.Parse(json) as JsonObject;
            }
            catch (JsonException)
            {
                return null;
            }
        }

        private static void Set(JsonObject root, string name, JsonNode? value)
        {
            if (value is null) root.Remove(name);
            else root[name] = value;
        }

        private static ContainerNetworkConfig FromJson(JsonObject root)
        {
            var networkText = root["Network"]?.GetValue<string>() ?? throw new FormatException("it has no Network");
            if (!InterfaceAddress.TryParse(networkText, out var network, out var error) || network!.IsIPv6)
                throw new FormatException($"Network '{networkText}' is not an IPv4 network ({error})");
            network = network.Network;
            var length = root["SubnetLen"] is JsonNode l ? l.GetValue<int>() : 0;
            if (length > 0)
            {
                if (length > 30) throw new FormatException("SubnetLen must be less than /31");
                if (length < network.PrefixLength + 2) throw new FormatException("the network must be able to accommodate at least four subnets (SubnetLen ≥ the network's prefix + 2)");
            }
            else if (network.PrefixLength > 28) throw new FormatException("the network is too small; the smallest useful network is a /28");
            else length = network.PrefixLength <= 22 ? 24 : network.PrefixLength + 2;
            var size = 1L << (32 - length);
            var min = Bound(root, "SubnetMin", network, ToNumber(network.Address) + size);
            var max = Bound(root, "SubnetMax", network, ToNumber(network.Address) + (1L << (32 - network.PrefixLength)) - size);
            if ((min & (size - 1)) != 0) throw new FormatException($"SubnetMin is not on a SubnetLen boundary: {FromNumber(min)}");
            if ((max & (size - 1)) != 0) throw new FormatException($"SubnetMax is not on a SubnetLen boundary: {FromNumber(max)}");
            var backend = root["Backend"] is JsonObject b && b["Type"] is JsonNode t ? t.GetValue<string>() : "udp";
            return new ContainerNetworkConfig
            {
                Network = network.ToString(), SubnetLength = length, SubnetMin = FromNumber(min).ToString(), SubnetMax = FromNumber(max).ToString(),
                Backend = backend, SubnetCount = max < min ? 0 : (max - min) / size + 1,
            };
        }

        private static long Bound(JsonObject root, string name, InterfaceAddress network, long fallback)
        {
            if (!(root[name] is JsonNode node)) return fallback;
            var text = node.GetValue<string>();
            if (!IPAddress.TryParse(text, out var address) || address.AddressFamily != AddressFamily.InterNetwork)
                throw new FormatException($"{name} '{text}' is not an IPv4 address");
            if (!network.Contains(address)) throw new FormatException($"{name} is not in the range of the Network");
            return ToNumber(address);
        }

        private static XHostException Invalid(string key, string why) =>
            new XHostException(XHostErrorKind.InvalidArgument, ErrorIds.ContainerNetworkConfigInvalid,
                $"The network config at {key} cannot be used: {why}. Fix it with Set-ContainerNetworkConfig.");

        internal static long ToNumber(IPAddress address)
        {
            var b = address.GetAddressBytes();
            return ((long)b[0] << 24) | ((long)b[1] << 16) | ((long)b[2] << 8) | b[3];
        }

        internal static IPAddress FromNumber(long n) => new IPAddress(new[] { (byte)(n >> 24), (byte)(n >> 16), (byte)(n >> 8), (byte)n });
    }
}
