using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using XHostNet.Execution;
using XHostNet.Linux;
using XHostNet.Planning;
using XHostNet.Sessions;

namespace XHostNet.Docker
{
    /// <summary>What Set-DockerBridge asks for: a value sets a setting, a name in Clear removes it, anything else stays.</summary>
    public sealed class DockerBridgeSpec
    {
        public string? Bridge { get; set; }
        public InterfaceAddress? Bip { get; set; }
        public InterfaceAddress? FixedCidr { get; set; }
        public int? Mtu { get; set; }
        /// <summary>"base=CIDR,size=N" each.</summary>
        public IReadOnlyList<string>? DefaultAddressPools { get; set; }
        public IReadOnlyList<string> Clear { get; set; } = Array.Empty<string>();
        public bool Restart { get; set; }
        /// <summary>How long dockerd may take to answer after a restart.</summary>
        public int WaitSeconds { get; set; } = 30;

        /// <summary>
        /// Refuses, before anything is read or changed, values dockerd might take but no container network can use:
        /// multicast, loopback, broadcast/reserved or unspecified addresses, a --bip without room for hosts, address
        /// pools with impossible prefix lengths or sizes.
        /// </summary>
        public void Validate()
        {
            if (Bip != null)
            {
                Usable("-Bip", Bip);
                var max = Bip.IsIPv6 ? 128 : 32;
                if (Bip.PrefixLength > max - 2)
                    throw Invalid(ErrorIds.DockerAddressNotUsable, $"-Bip {Bip} leaves no room for containers; give the bridge's address with a prefix of at most /{max - 2}.");
                if (!Bip.IsIPv6 && IsBroadcast(Bip))
                    throw Invalid(ErrorIds.DockerAddressNotUsable, $"-Bip {Bip} is the broadcast address of its subnet; give the bridge's own address (for example {Bip.Network.Plus(1)}).");
            }
            if (FixedCidr != null) Usable("-FixedCidr", FixedCidr);
            foreach (var pool in DefaultAddressPools ?? Array.Empty<string>()) ParsePool(pool);
        }

        /// <summary>"base=CIDR,size=N" as (network, size), or the module's error saying what is wrong with it.</summary>
        public static (InterfaceAddress Base, int Size) ParsePool(string pool)
        {
            var m = System.Text.RegularExpressions.Regex.Match(pool, @"\Abase=([0-9A-Fa-f.:]+)/([0-9]{1,3}),size=([0-9]{1,3})\z");
            if (!m.Success) throw Invalid(ErrorIds.DockerAddressPoolInvalid, $"-DefaultAddressPool '{pool}' is not of the form base=NETWORK/PREFIX,size=PREFIX (for example base=10.210.0.0/16,size=24).");
            if (!InterfaceAddress.TryParse(m.Groups[1].Value + "/" + m.Groups[2].Value, out var network, out var error))
                throw Invalid(ErrorIds.DockerAddressPoolInvalid, $"-DefaultAddressPool '{pool}': {error}");
            var size = int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
            var max = network!.IsIPv6 ? 128 : 32;
            if (size < network.PrefixLength || size > max)
                throw Invalid(ErrorIds.DockerAddressPoolInvalid, $"-DefaultAddressPool '{pool}': size must be a prefix length from /{network.PrefixLength} (the base's) to /{max}.");
            if (!network.IsNetwork)
                throw Invalid(ErrorIds.DockerAddressPoolInvalid, $"-DefaultAddressPool '{pool}': the base is not a network address (did you mean {network.Network}?).");
            Usable("-DefaultAddressPool", network);
            return (network, size);
        }

        // Both the address and its network: 10.0.0.1/0 spans 0.0.0.0 and everything else.
        private static void Usable(string what, InterfaceAddress a)
        {
            Usable(what, a, a.Address);
            Usable(what, a, a.Network.Address);
        }

        private static void Usable(string what, InterfaceAddress a, System.Net.IPAddress ip)
        {
            string? why = null;
            if (a.IsIPv6)
            {
                if (ip.IsIPv6Multicast) why = "a multicast address";
                else if (System.Net.IPAddress.IPv6Loopback.Equals(ip)) why = "the loopback address";
                else if (System.Net.IPAddress.IPv6Any.Equals(ip)) why = "the unspecified address";
            }
            else
            {
                var first = ip.GetAddressBytes()[0];
                if (first == 0) why = "in 0.0.0.0/8 (unspecified, \"this network\")";
                else if (first == 127) why = "a loopback address";
                else if (first >= 224 && first <= 239) why = "a multicast address";
                else if (first >= 240) why = "a reserved or broadcast address";
            }
            if (why != null) throw Invalid(ErrorIds.DockerAddressNotUsable, $"{what} {a} is {why}; containers need unicast addresses.");
        }

        private static bool IsBroadcast(InterfaceAddress a) => a.PrefixLength < 31 && a.Network.Plus((1 << (32 - a.PrefixLength)) - 1).Address.Equals(a.Address);

        private static XHostException Invalid(string id, string message) => new XHostException(XHostErrorKind.InvalidArgument, id, message + " Nothing was changed.");
    }
}
