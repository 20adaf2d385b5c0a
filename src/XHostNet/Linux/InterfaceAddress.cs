using System;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace XHostNet.Linux
{
    /// <summary>
    /// An address on an interface in CIDR form (192.168.1.1/24, fd00::1/64): the host address and its prefix.
    /// PowerShell converts a string parameter to it through <see cref="Parse"/>, so a bad value fails at binding.
    /// </summary>
    public sealed class InterfaceAddress : IEquatable<InterfaceAddress>
    {
        public InterfaceAddress(IPAddress address, int prefixLength)
        {
            Address = address ?? throw new ArgumentNullException(nameof(address));
            var max = MaxPrefix(address);
            if (prefixLength < 0 || prefixLength > max)
                throw new ArgumentOutOfRangeException(nameof(prefixLength), $"The prefix length of {address} must be between 0 and {max}.");
            PrefixLength = prefixLength;
        }

        public IPAddress Address { get; }
        public int PrefixLength { get; }
        public AddressFamily Family => Address.AddressFamily;
        public bool IsIPv6 => Family == AddressFamily.InterNetworkV6;

        /// <summary>Parses "address/prefix". The prefix is required: an address without one is ambiguous on an interface.</summary>
        public static InterfaceAddress Parse(string text)
        {
            if (TryParse(text, out var result, out var error)) return result!;
            throw new FormatException(error);
        }

        public static bool TryParse(string? text, out InterfaceAddress? result, out string error)
        {
            result = null;
            var value = text?.Trim() ?? "";
            var slash = value.IndexOf('/');
            if (slash <= 0 || slash == value.Length - 1)
            {
                error = $"'{text}' is not an interface address in CIDR form such as 192.168.1.1/24 or fd00::1/64.";
                return false;
            }
            var addressText = value.Substring(0, slash);
            if (!TryParseAddress(addressText, out var address, out error))
            {
                error = $"{error} (in '{text}')";
                return false;
            }
            var prefixText = value.Substring(slash + 1);
            // Decimal digits without a leading zero, as ip prints it: "024" or "+24" is a typo, not 24.
            if (prefixText.Length > 3 || !IsDecimal(prefixText) || !int.TryParse(prefixText, NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) ||
                prefix > MaxPrefix(address!))
            {
                error = $"'{prefixText}' in '{text}' is not a prefix length from 0 to {MaxPrefix(address!)}.";
                return false;
            }
            result = new InterfaceAddress(address!, prefix);
            error = "";
            return true;
        }

        /// <summary>
        /// Parses an address written as ip writes it: IPv4 as four decimal numbers 0–255 without leading zeros, or IPv6
        /// (an embedded IPv4 tail the same way), no scope id, no brackets. IPAddress.Parse also takes the inet_aton forms
        /// "1" (0.0.0.1), "10.246.2562" (10.246.10.2) and "010.1.1.1" (octal: 8.1.1.1), which silently name another address.
        /// </summary>
        public static bool TryParseAddress(string? text, out IPAddress? address, out string error)
        {
            address = null;
            error = $"'{text}' is not an IPv4 address in dotted-quad decimal (such as 10.200.1.1, no leading zeros) or an IPv6 address.";
            if (string.IsNullOrEmpty(text)) return false;
            if (text!.IndexOf(':') < 0)
            {
                if (!IsDottedQuad(text)) return false;
            }
            else
            {
                foreach (var c in text)
                    if (!(IsAsciiDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.')) return false;
                var tail = text.Substring(text.LastIndexOf(':') + 1);
                if (tail.IndexOf('.') >= 0 && !IsDottedQuad(tail)) return false;
            }
            if (!IPAddress.TryParse(text, out var parsed) ||
                (parsed.AddressFamily != AddressFamily.InterNetwork && parsed.AddressFamily != AddressFamily.InterNetworkV6)) return false;
            address = parsed;
            error = "";
            return true;
        }

        private static bool IsDottedQuad(string text)
        {
            var parts = text.Split('.');
            if (parts.Length != 4) return false;
            foreach (var part in parts)
            {
                if (part.Length == 0 || part.Length > 3 || !IsDecimal(part)) return false;
                if (int.Parse(part, NumberStyles.None, CultureInfo.InvariantCulture) > 255) return false;
            }
            return true;
        }

        // ASCII digits only, and no leading zero except "0" itself.
        private static bool IsDecimal(string text)
        {
            if (text.Length == 0 || (text.Length > 1 && text[0] == '0')) return false;
            foreach (var c in text) if (!IsAsciiDigit(c)) return false;
            return true;
        }

        private static bool IsAsciiDigit(char c) => c >= '0' && c <= '9';

        /// <summary>The network this address is in, e.g. 10.200.1.0/24 for 10.200.1.7/24.</summary>
        public InterfaceAddress Network => new InterfaceAddress(Mask(Address, PrefixLength), PrefixLength);

        /// <summary>True when the host bits are zero, as a route destination must be (ip refuses 10.200.1.7/24 as one).</summary>
        public bool IsNetwork => Network.Address.Equals(Address);

        /// <summary>The address <paramref name="n"/> places after this one, with the same prefix length (10.200.1.0/24 plus 2 is 10.200.1.2/24).</summary>
        public InterfaceAddress Plus(int n)
        {
            var bytes = Address.GetAddressBytes();
            var carry = n;
            for (var i = bytes.Length - 1; i >= 0 && carry > 0; i--)
            {
                var sum = bytes[i] + carry;
                bytes[i] = (byte)(sum & 0xFF);
                carry = sum >> 8;
            }
            return new InterfaceAddress(new IPAddress(bytes), PrefixLength);
        }

        /// <summary>Whether an address of the same family falls inside this prefix.</summary>
        public bool Contains(IPAddress address) =>
            address.AddressFamily == Family && Mask(address, PrefixLength).Equals(Network.Address);

        /// <summary>Whether the two prefixes share any address.</summary>
        public bool Overlaps(InterfaceAddress other) =>
            other.Family == Family && (Contains(other.Address) || other.Contains(Address));

        private static IPAddress Mask(IPAddress address, int prefixLength)
        {
            var bytes = address.GetAddressBytes();
            for (var i = 0; i < bytes.Length; i++)
            {
                var bits = Math.Max(0, Math.Min(8, prefixLength - i * 8));
                bytes[i] &= (byte)(0xFF << (8 - bits));
            }
            return new IPAddress(bytes);
        }

        private static int MaxPrefix(IPAddress address) => address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;

        public override string ToString() => $"{Address}/{PrefixLength}";

        public bool Equals(InterfaceAddress? other) =>
            other != null && Address.Equals(other.Address) && PrefixLength == other.PrefixLength;

        public override bool Equals(object? obj) => Equals(obj as InterfaceAddress);

        public override int GetHashCode() => Address.GetHashCode() * 397 ^ PrefixLength;
    }
}
