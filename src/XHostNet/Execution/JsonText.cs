using System.Text.Json;

namespace XHostNet.Execution
{
    /// <summary>Reads the JSON that tools print (ip -j, bridge -j, docker inspect), where a missing or differently typed field means "not set".</summary>
    internal static class JsonText
    {
        /// <summary>The named string property, or null when it is missing or not a string.</summary>
        public static string? StringOrNull(this JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString() : null;

        /// <summary>A tool's JSON list; no output at all is an empty list (iproute2 prints nothing when there is nothing to list).</summary>
        public static JsonDocument ParseList(string output) => JsonDocument.Parse(string.IsNullOrWhiteSpace(output) ? "[]" : output);
    }
}
