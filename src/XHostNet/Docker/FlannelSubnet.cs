using System;
using System.Collections.Generic;
using System.Globalization;
using XHostNet.Linux;
using XHostNet.Sessions;

namespace XHostNet.Docker
{
    /// <summary>A host's flannel lease as /run/flannel/subnet.env states it; pipes into Set-DockerBridge (-Bip, -Mtu).</summary>
    public sealed class FlannelSubnet
    {
        /// <summary>FLANNEL_NETWORK: the whole overlay network.</summary>
        public string? Network { get; set; }
        /// <summary>FLANNEL_SUBNET: this host's subnet with the bridge's own address (10.1.15.1/24), which is what dockerd --bip takes.</summary>
        public string Bip { get; set; } = "";
        /// <summary>The subnet itself (10.1.15.0/24).</summary>
        public string Subnet { get; set; } = "";
        /// <summary>FLANNEL_MTU: the MTU the overlay leaves for containers.</summary>
        public int? Mtu { get; set; }
        /// <summary>FLANNEL_IPMASQ: whether flannel masquerades traffic leaving the overlay.</summary>
        public bool? IpMasq { get; set; }
        public string Path { get; set; } = "";
        public string Host => Session?.Host ?? "local";
        public XHostSession? Session { get; set; }

        public const string DefaultPath = "/run/flannel/subnet.env";

        /// <summary>Parses KEY=VALUE lines (comments, blank lines, quotes and "export" allowed, as a shell would source them).</summary>
        public static FlannelSubnet Parse(string text, string path)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var raw in text.Split('\n'))
            {
                var line = raw.Trim();
                if (line.Length == 0 || line[0] == '#') continue;
                if (line.StartsWith("export ", StringComparison.Ordinal)) line = line.Substring(7).Trim();
                var eq = line.IndexOf('=');
                if (eq <= 0) throw new FormatException($"{path}: '{raw.Trim()}' is not a KEY=VALUE line.");
                var value = line.Substring(eq + 1).Trim();
                if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[value.Length - 1] == value[0]) value = value.Substring(1, value.Length - 2);
                values[line.Substring(0, eq).Trim()] = value;
            }
            if (!values.TryGetValue("FLANNEL_SUBNET", out var subnet))
                throw new FormatException($"{path} has no FLANNEL_SUBNET.");
            if (!InterfaceAddress.TryParse(subnet, out var bip, out var error)) throw new FormatException($"{path}: FLANNEL_SUBNET: {error}");
            int? mtu = null;
            if (values.TryGetValue("FLANNEL_MTU", out var m))
            {
                if (!int.TryParse(m, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < 68)
                    throw new FormatException($"{path}: FLANNEL_MTU '{m}' is not an MTU.");
                mtu = parsed;
            }
            if (values.TryGetValue("FLANNEL_NETWORK", out var network) && !InterfaceAddress.TryParse(network, out _, out var networkError))
                throw new FormatException($"{path}: FLANNEL_NETWORK: {networkError}");
            bool? masq = values.TryGetValue("FLANNEL_IPMASQ", out var q) ? string.Equals(q, "true", StringComparison.OrdinalIgnoreCase) : (bool?)null;
            return new FlannelSubnet { Network = network, Bip = bip!.ToString(), Subnet = bip.Network.ToString(), Mtu = mtu, IpMasq = masq, Path = path };
        }
    }
}
