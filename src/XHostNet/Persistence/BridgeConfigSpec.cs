using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.RegularExpressions;
using XHostNet.Linux;

namespace XHostNet.Persistence
{
    /// <summary>A bridge as it should come up at boot: its name, ports, addresses, gateways, routes and MTU.</summary>
    public sealed class BridgeConfigSpec
    {
        public string Bridge { get; set; } = "";
        /// <summary>The interfaces enslaved to the bridge at boot (a NIC whose address moved to the bridge, a tunnel port …).</summary>
        public IReadOnlyList<string> Ports { get; set; } = Array.Empty<string>();
        /// <summary>The bridge's addresses with their prefix (a NIC's addresses when they move to the bridge); none for a bridge without an address.</summary>
        public IReadOnlyList<InterfaceAddress> Addresses { get; set; } = Array.Empty<InterfaceAddress>();
        /// <summary>The IPv4 default gateway through the bridge, if any.</summary>
        public IPAddress? Gateway { get; set; }
        /// <summary>The IPv6 default gateway through the bridge, if any.</summary>
        public IPAddress? Gateway6 { get; set; }
        public IReadOnlyList<BridgeConfigRoute> Routes { get; set; } = Array.Empty<BridgeConfigRoute>();
        /// <summary>The bridge's MTU (also given to its ports, since a bridge's MTU cannot exceed its smallest port's); null leaves the default.</summary>
        public int? Mtu { get; set; }

        public IEnumerable<InterfaceAddress> IPv4 => Addresses.Where(a => !a.IsIPv6);
        public IEnumerable<InterfaceAddress> IPv6 => Addresses.Where(a => a.IsIPv6);

        /// <summary>Refuses a spec no format could write, before anything is read or changed.</summary>
        public void Validate()
        {
            if (!IsName(Bridge)) throw Refuse($"'{Bridge}' is not an interface name.");
            foreach (var port in Ports)
            {
                if (!IsName(port)) throw Refuse($"The port '{port}' is not an interface name.");
                if (port == Bridge) throw Refuse($"The bridge '{Bridge}' cannot be a port of itself.");
            }
            if (Ports.Distinct(StringComparer.Ordinal).Count() != Ports.Count) throw Refuse("A port is named twice.");
            if (Mtu is int mtu && (mtu < 68 || mtu > 65535)) throw Refuse($"The MTU {mtu} is outside 68–65535.");
            if (Gateway != null && Gateway.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
                throw Refuse($"The gateway {Gateway} is not an IPv4 address (give an IPv6 one as Gateway6).");
            if (Gateway6 != null && Gateway6.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
                throw Refuse($"The IPv6 gateway {Gateway6} is not an IPv6 address.");
            foreach (var r in Routes.Where(r => r.Gateway != null && r.Gateway.AddressFamily != r.Destination.Family))
                throw Refuse($"The route {r} mixes address families.");
        }

        // The names become parts of file names (ifcfg-NAME, 10-xhostnet-NAME.network): the cmdlets' interface name rule,
        // checked here too because the core is also called without them, and a '/' or ".." must never reach a path.
        private static readonly Regex Name = new Regex(@"^[A-Za-z0-9_.][A-Za-z0-9_.-]{0,14}\z", RegexOptions.CultureInvariant);

        private static bool IsName(string? name) => name != null && name != "." && name != ".." && Name.IsMatch(name);

        private static XHostException Refuse(string message) =>
            new XHostException(XHostErrorKind.InvalidArgument, ErrorIds.BridgeConfigInvalid, message + " Nothing was changed.");
    }
}
