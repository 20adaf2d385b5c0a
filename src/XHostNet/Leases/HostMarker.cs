using System.Text.Json;
using System.Text.Json.Nodes;

namespace XHostNet.Leases
{
    /// <summary>XHostNet's marker beside a lease it claimed: which subnet key it claimed for the address, and for which host.</summary>
    internal sealed class HostMarker
    {
        public string Subnet { get; set; } = "";
        public string Host { get; set; } = "";

        public static string Serialize(string subnetKey, string host) => new JsonObject { ["Subnet"] = subnetKey, ["Host"] = host }.ToJsonString();

        public static HostMarker? Parse(string json)
        {
            try
            {
                var root = JsonNode.Parse(json) as JsonObject;
                return root is null ? null : new HostMarker { Subnet = root["Subnet"]?.GetValue<string>() ?? "", Host = root["Host"]?.GetValue<string>() ?? "" };
            }
            catch (System.Exception ex) when (ex is JsonException || ex is System.InvalidOperationException || ex is System.FormatException)
            {
                return null;
            }
        }
    }
}
