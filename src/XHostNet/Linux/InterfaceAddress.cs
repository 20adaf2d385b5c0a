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
            // IPAddress.Parse accepts "1", "1.2" and other legacy forms, and IPv6 scope ids; an interface address takes none of them.
            if (!IPAddress.TryParse(addressText, out var address) ||
                (address.AddressFamily == AddressFamily.InterNetwork && addressText.Split('.').Length != 4) ||
                addressText.IndexOf('%') >= 0 ||
                (address.AddressFamily != AddressFamily.InterNetwork && address.AddressFamily != AddressFamily.InterNetworkV6))
            {
                error = $"'{addressText}' in '{text}' is not an IPv4 or IPv6 address.";
                return false;
            }
            var prefixText = value.Substring(slash + 1);
            if (!int.TryParse(prefixText, NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix > MaxPrefix(address))
            {
                error = $"'{prefixText}' in '{text}' is not a prefix length from 0 to {MaxPrefix(address)}.";
                return false;
            }
            result = new InterfaceAddress(address, prefix);
            error = "";
            return true;
        }

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
