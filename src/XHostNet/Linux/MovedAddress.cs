using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Text.Json;
using XHostNet.Execution;

namespace XHostNet.Linux
{
    /// <summary>
    /// One address of an interface with everything <c>ip address add</c> needs to recreate it as it was (broadcast, scope,
    /// noprefixroute, lifetimes), read from <c>ip -j address show</c>: what an address move carries over and restores.
    /// </summary>
    public sealed class MovedAddress
    {
        /// <summary>The lifetime ip reports for an address that never expires.</summary>
        private const uint Forever = uint.MaxValue;

        public MovedAddress(InterfaceAddress address, string scope)
        {
            Address = address ?? throw new ArgumentNullException(nameof(address));
            Scope = scope;
        }

        public InterfaceAddress Address { get; }
        public string Scope { get; }
        public IPAddress? Broadcast { get; set; }
        public bool NoPrefixRoute { get; set; }
        /// <summary>Seconds left, as DHCP or SLAAC set them; null for an address that never expires.</summary>
        public uint? ValidLifetime { get; set; }
        public uint? PreferredLifetime { get; set; }

        /// <summary>
        /// Whether a move carries it: IPv6 link-local addresses are the kernel's own (every link up gets one from its MAC,
        /// the bridge too), and host-scope addresses (loopback's) are not the NIC's to give away.
        /// </summary>
        public bool IsMovable => !(Address.IsIPv6 && Scope == "link") && Scope != "host";

        /// <summary>The argv that adds this address, as it was, to <paramref name="device"/>.</summary>
        public IReadOnlyList<string> AddCommand(string device)
        {
            var argv = new List<string> { "ip", Address.IsIPv6 ? "-6" : "-4", "address", "add", Address.ToString() };
            if (Broadcast != null) argv.AddRange(new[] { "broadcast", Broadcast.ToString() });
            if (Scope != "global") argv.AddRange(new[] { "scope", Scope });
            if (NoPrefixRoute) argv.Add("noprefixroute");
            if (ValidLifetime is uint valid && PreferredLifetime is uint preferred)
                argv.AddRange(new[] { "valid_lft", Invariant(valid), "preferred_lft", Invariant(preferred) });
            argv.AddRange(new[] { "dev", device });
            return argv;
        }

        public IReadOnlyList<string> DeleteCommand(string device) =>
            new[] { "ip", Address.IsIPv6 ? "-6" : "-4", "address", "del", Address.ToString(), "dev", device };

        public override string ToString() => Address.ToString();

        /// <summary>Reads one <c>addr_info</c> entry; null for an entry without a usable local address.</summary>
        internal static MovedAddress? Parse(JsonElement entry)
        {
            var local = JsonText.StringOrNull(entry, "local");
            if (local is null || !IPAddress.TryParse(local, out var ip)) return null;
            var max = ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 128 : 32;
            var prefix = IpJson.NullableInt(entry, "prefixlen") ?? max;
            if (prefix < 0 || prefix > max) throw new FormatException($"the address {local} has the prefix length {prefix}");
            var address = new MovedAddress(new InterfaceAddress(ip, prefix), JsonText.StringOrNull(entry, "scope") ?? "global")
            {
                Broadcast = JsonText.StringOrNull(entry, "broadcast") is string b && IPAddress.TryParse(b, out var broadcast) ? broadcast : null,
                NoPrefixRoute = IpJson.Property(entry, "noprefixroute", JsonValueKind.True) != null,
            };
            var valid = Lifetime(entry, "valid_life_time");
            var preferred = Lifetime(entry, "preferred_life_time");
            if (valid != null || preferred != null)
            {
                address.ValidLifetime = valid ?? Forever;
                address.PreferredLifetime = preferred ?? Forever;
            }
            return address;
        }

        private static uint? Lifetime(JsonElement entry, string name) =>
            IpJson.Property(entry, name, JsonValueKind.Number) is JsonElement v && v.TryGetUInt32(out var seconds) && seconds != Forever ? seconds : (uint?)null;

        private static string Invariant(uint value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
