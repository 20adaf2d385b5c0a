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

        /// <summary>
        /// What Go's json.Marshal makes of a json.RawMessage: the bytes as they are, less the whitespace between tokens,
        /// with &lt; &gt; &amp; U+2028 U+2029 inside strings escaped (its compact with escapeHTML). Re-serializing would not
        /// do: System.Text.Json writes a parsed element's original text back, whitespace and all.
        /// </summary>
        private static string Compact(string json)
        {
            using (JsonDocument.Parse(json)) { }
            var compact = new StringBuilder(json.Length);
            bool inString = false, escaped = false;
            foreach (var c in json)
            {
                if (!inString)
                {
                    if (c == '"') inString = true;
                    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') compact.Append(c);
                    continue;
                }
                if (escaped) escaped = false;
                else if (c == '\\') escaped = true;
                else if (c == '"') inString = false;
                else if (c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029')
                {
                    compact.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    continue;
                }
                compact.Append(c);
            }
            return compact.ToString();
        }
    }
}
