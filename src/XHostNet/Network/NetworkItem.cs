using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Serialization;

namespace XHostNet.Network
{
    /// <summary>
    /// One thing Connect-XHostNetwork made (or one value it changed) on a host, as its record lists it, so that
    /// Disconnect-XHostNetwork removes exactly that and Get-XHostNetwork can check it is still there.
    /// </summary>
    public sealed class NetworkItem
    {
        public NetworkItemKind Kind { get; set; }
        /// <summary>The device (bridge, tunnel, interface holding an address), or the sysctl's name.</summary>
        public string Name { get; set; } = "";
        /// <summary>BridgePort and Tunnel: the bridge it is a port of.</summary>
        public string? Bridge { get; set; }
        /// <summary>Address: the address in CIDR form. Route: the destination. Tunnel: the remote end.</summary>
        public string? Address { get; set; }
        /// <summary>Route: the gateway.</summary>
        public string? Gateway { get; set; }
        /// <summary>Route: the device, given with on-link gateways.</summary>
        public string? Interface { get; set; }
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
        public bool OnLink { get; set; }
        /// <summary>Tunnel: Gre or Vxlan.</summary>
        public string? TunnelKind { get; set; }
        /// <summary>Tunnel (VXLAN): the VNI.</summary>
        public int? Vni { get; set; }
        /// <summary>Tunnel and Route: the peer they lead to (its underlay address), so a peer dropped from the network loses them.</summary>
        public string? Peer { get; set; }
        /// <summary>NicMove: the NIC's gateway routes that moved with it ("DST via GW [metric M] [proto P]").</summary>
        public List<string>? Routes { get; set; }
        /// <summary>DockerSettings: the dockerd settings set (bridge, fixed-cidr, mtu), and those they replaced (a setting missing there was unset).</summary>
        public SortedDictionary<string, string>? Settings { get; set; }
        public SortedDictionary<string, string>? PreviousSettings { get; set; }
        /// <summary>
        /// Sysctl: the value set, and the one it had before (put back by Disconnect). SubnetFile: the SHA-256 of the
        /// subnet.env written, and the content it replaced (null: there was none, so Disconnect removes the file).
        /// </summary>
        public string? Value { get; set; }
        public string? Previous { get; set; }
        /// <summary>BootConfig: the configuration root and format the files were written in.</summary>
        public string? Root { get; set; }
        public string? Format { get; set; }
        /// <summary>BootConfig: each file written, by path, with the SHA-256 of the content written (Get-XHostNetwork's drift).</summary>
        public SortedDictionary<string, string>? Files { get; set; }

        /// <summary>Two entries for the same thing (whatever their details) share a key: a re-run recognises what an earlier run made.</summary>
        [JsonIgnore]
        public string Key => Kind switch
        {
            NetworkItemKind.Address => $"address {Address} dev {Name}",
            NetworkItemKind.BridgePort => $"port {Name} of {Bridge}",
            NetworkItemKind.Route => $"route {Address}",
            _ => $"{Kind.ToString().ToLowerInvariant()} {Name}",
        };

        /// <summary>The entry as one line, as Get-XHostNetwork and the per-host results list it.</summary>
        public override string ToString() => Kind switch
        {
            NetworkItemKind.LinuxBridge => $"bridge {Name}",
            NetworkItemKind.OvsBridge => $"Open vSwitch bridge {Name}",
            NetworkItemKind.Address => $"address {Address} on {Name}",
            NetworkItemKind.BridgePort => $"{Name} in {Bridge}",
            NetworkItemKind.Tunnel => $"{TunnelKind?.ToUpperInvariant()} tunnel {Name} to {Address}" + (Vni is int v ? " VNI " + v.ToString(CultureInfo.InvariantCulture) : ""),
            NetworkItemKind.Route => $"route {Address} via {Gateway}" + (Interface != null ? " dev " + Interface : "") + (OnLink ? " onlink" : ""),
            NetworkItemKind.Sysctl => $"{Name}={Value} (was {Previous})",
            NetworkItemKind.DockerSettings => $"dockerd {string.Join(" ", (Settings ?? new SortedDictionary<string, string>()).Select(kv => kv.Key + "=" + kv.Value))} in {Name}",
            NetworkItemKind.BootConfig => $"boot configuration of {Name} ({Format}): {string.Join(", ", (Files ?? new SortedDictionary<string, string>()).Keys)}",
            NetworkItemKind.SubnetFile => $"lease file {Name}",
            NetworkItemKind.NicMove => $"{Name} with {Address} moved into {Bridge}" + (Routes is { Count: > 0 } r ? $" (routes: {string.Join("; ", r)})" : ""),
            _ => Name,
        };
    }
}
