using System;
using System.Text;
using System.Text.Json;

namespace XHostNet.Leases
{
    /// <summary>
    /// A subnet key's value in flannel's layout: the JSON Go's encoding/json makes of flannel's LeaseAttrs — PublicIP,
    /// PublicIPv6 (null when absent: flannel's field has no omitempty), BackendType and BackendData (both left out when
    /// empty), in that order, no spaces. Written byte for byte the same, so flanneld reads XHostNet's leases as its own.
    /// </summary>
    public sealed class FlannelLeaseValue
    {
        public string PublicIP { get; set; } = "";
        public string? PublicIPv6 { get; set; }
        public string? BackendType { get; set; }
        /// <summary>The backend's own data as JSON (vxlan: VNI and VtepMAC), or null.</summary>
        public string? BackendData { get; set; }

        public string Serialize()
        {
            var json = new StringBuilder("{\"PublicIP\":").Append(Quote(PublicIP)).Append(",\"PublicIPv6\":").Append(PublicIPv6 is null ? "null" : Quote(PublicIPv6));
            if (!string.IsNullOrEmpty(BackendType)) json.Append(",\"BackendType\":").Append(Quote(BackendType!));
            // json.RawMessage is written compacted, as Go's Marshal does.
            if (!string.IsNullOrEmpty(BackendData)) json.Append(",\"BackendData\":").Append(Compact(BackendData!));
            return json.Append('}').ToString();
        }

        /// <summary>Reads a value as flanneld does; throws FormatException for one it would ignore as a bad subnet node.</summary>
        public static FlannelLeaseValue Parse(string value)
        {
            try
            {
                using var doc = JsonDocument.Parse(value);
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object) throw new FormatException("not a JSON object");
                return new FlannelLeaseValue
                {
                    PublicIP = Text(root, "PublicIP") ?? "",
                    PublicIPv6 = Text(root, "PublicIPv6"),
                    BackendType = Text(root, "BackendType"),
                    BackendData = root.TryGetProperty("BackendData", out var d) && d.ValueKind != JsonValueKind.Null ? d.GetRawText() : null,
                };
            }
            catch (JsonException ex)
            {
                throw new FormatException("not JSON: " + ex.Message);
            }
        }

        private static string? Text(JsonElement root, string name) =>
            root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        private static string Quote(string text) => JsonSerializer.Serialize(text);

        private static string Compact(string json)
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.GetRawText() == json ? json : JsonSerializer.Serialize(doc.RootElement);
        }
    }
}
