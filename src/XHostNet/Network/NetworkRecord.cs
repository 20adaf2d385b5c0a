using System;
using System.Collections.Generic;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace XHostNet.Network
{
    /// <summary>
    /// What Connect-XHostNetwork made on one host for one network, kept on that host as a small JSON file, so any
    /// shell (any operator, days later) can read the network back, see drift, and undo exactly what was made.
    /// </summary>
    public sealed class NetworkRecord
    {
        public const int CurrentVersion = 1;

        public int Version { get; set; } = CurrentVersion;
        public string Name { get; set; } = "";
        public NetworkMode Mode { get; set; }
        /// <summary>The whole container network (-ContainerNetwork).</summary>
        public string Network { get; set; } = "";
        /// <summary>This host's share of it.</summary>
        public string Subnet { get; set; } = "";
        /// <summary>This host's address on br0, in CIDR form.</summary>
        public string BridgeAddress { get; set; } = "";
        public string Bridge { get; set; } = "";
        public int Mtu { get; set; }
        public string UnderlayAddress { get; set; } = "";
        public string UnderlayInterface { get; set; } = "";
        /// <summary>The subnet's lease in the shared store (Connect-XHostNetwork -SubnetStore); null when the subnet was cut from the network here.</summary>
        public NetworkLease? Lease { get; set; }
        public List<NetworkPeer> Peers { get; set; } = new List<NetworkPeer>();
        /// <summary>What was made, in the order it was made (Disconnect undoes it in reverse).</summary>
        public List<NetworkItem> Made { get; set; } = new List<NetworkItem>();

        private static readonly JsonSerializerOptions Options = new JsonSerializerOptions
        {
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            Converters = { new JsonStringEnumConverter() },
        };

        /// <summary>The file's content: the same record always serializes to the same text, so a re-run that changes nothing writes nothing.</summary>
        public string ToJson() => JsonSerializer.Serialize(this, Options) + "\n";

        /// <summary>A record read from its file; a file XHostNet cannot read is the module's own error naming the file.</summary>
        public static NetworkRecord Parse(string json, string path, string host)
        {
            try
            {
                var record = JsonSerializer.Deserialize<NetworkRecord>(json, Options);
                if (record is null || record.Name.Length == 0) throw new JsonException("it has no network name");
                return record;
            }
            catch (Exception ex) when (ex is JsonException || ex is NotSupportedException)
            {
                throw new XHostException(XHostErrorKind.Failed, ErrorIds.NetworkRecordUnreadable,
                    $"The network record {path} on host '{host}' cannot be read ({ex.Message}). Nothing was changed; look at the file, fix or remove it.");
            }
        }
    }
}
