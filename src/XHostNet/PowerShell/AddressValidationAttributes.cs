using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using XHostNet.Linux;

namespace XHostNet.PowerShell
{
    /// <summary>
    /// Converts an address argument strictly: dotted-quad decimal IPv4 or IPv6, as <see cref="InterfaceAddress.TryParseAddress"/> reads it.
    /// Without it PowerShell converts through IPAddress.Parse, which reads "1" as 0.0.0.1 and "010.1.1.1" as 8.1.1.1,
    /// and a number through new IPAddress(long). IPAddress objects (piped from another cmdlet) pass as they are.
    /// </summary>
    public sealed class AddressArgumentAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject pso ? pso.BaseObject : inputData;
            if (value is null || value is IPAddress) return value;
            if (value is string text) return Parse(text);
            // An array parameter gets the whole array here.
            if (value is IEnumerable many) return many.Cast<object?>().Select(Single).ToArray();
            throw new ArgumentTransformationMetadataException(
                $"'{value}' is not an address: write IPv4 as four decimal numbers (10.200.1.1) or an IPv6 address.");
        }

        private static IPAddress? Single(object? element)
        {
            var value = element is PSObject pso ? pso.BaseObject : element;
            return value switch
            {
                null => null,
                IPAddress a => a,
                string s => Parse(s),
                _ => throw new ArgumentTransformationMetadataException(
                    $"'{value}' is not an address: write IPv4 as four decimal numbers (10.200.1.1) or an IPv6 address."),
            };
        }

        private static IPAddress Parse(string text) =>
            InterfaceAddress.TryParseAddress(text.Trim(), out var address, out var error) ? address! : throw new ArgumentTransformationMetadataException(error);
    }

    /// <summary>
    /// Converts a CIDR argument (10.200.1.0/24) through <see cref="InterfaceAddress.Parse"/> here, so a bad one is refused with
    /// its reason also in a positional slot (where a failed conversion would otherwise read "A positional parameter cannot be
    /// found"). Other values go on to PowerShell's conversion; an array parameter gets each string converted.
    /// </summary>
    public sealed class PrefixArgumentAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject pso ? pso.BaseObject : inputData;
            if (value is string text) return Parse(text);
            if (value is IEnumerable many && !(value is string))
                return many.Cast<object?>().Select(e => (e is PSObject p ? p.BaseObject : e) is string s ? Parse(s) : e).ToArray();
            return inputData;
        }

        private static InterfaceAddress Parse(string text) =>
            InterfaceAddress.TryParse(text, out var prefix, out var error) ? prefix! : throw new ArgumentTransformationMetadataException(error);
    }

    /// <summary>
    /// A tunnel endpoint or gateway: an IPv4/IPv6 unicast address (not 0.0.0.0, broadcast, multicast or loopback).
    /// Null passes (an optional address bound from a piped object that has none); Mandatory catches a missing one.
    /// </summary>
    public sealed class ValidateUnicastAddressAttribute : ValidateArgumentsAttribute
    {
        public static bool IsValid(IPAddress? address, out string reason)
        {
            reason = "";
            // ::ffff:127.0.0.1 is 127.0.0.1 to the kernel: judge an IPv4-mapped address as the IPv4 one.
            if (address != null && address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
            if (address is null) reason = "An address is required.";
            else if (address.AddressFamily != AddressFamily.InterNetwork && address.AddressFamily != AddressFamily.InterNetworkV6)
                reason = $"'{address}' is not an IPv4 or IPv6 address.";
            else if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
                reason = $"'{address}' is not a unicast address.";
            else if (IPAddress.IsLoopback(address)) reason = $"'{address}' is a loopback address; it never leaves the host.";
            else if (address.IsIPv6Multicast || (address.AddressFamily == AddressFamily.InterNetwork && address.GetAddressBytes()[0] >= 224))
                reason = $"'{address}' is a multicast or reserved address, not a unicast one.";
            else if (address.AddressFamily == AddressFamily.InterNetwork && address.GetAddressBytes()[0] == 0)
                reason = $"'{address}' is in 0.0.0.0/8 ('this network'), which no host can have.";
            return reason.Length == 0;
        }

        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            var value = arguments is PSObject pso ? pso.BaseObject : arguments;
            if (value is null) return;
            if (!IsValid(value as IPAddress, out var reason)) throw new ValidationMetadataException(reason);
        }
    }

    /// <summary>
    /// An address to put on an interface (a bridge's, a container's, dockerd's --bip): a unicast address (see
    /// <see cref="ValidateUnicastAddressAttribute"/>) with a prefix length above 0. Null passes; each element of an array is checked.
    /// </summary>
    public sealed class ValidateInterfaceAddressAttribute : ValidateArgumentsAttribute
    {
        public static bool IsValid(InterfaceAddress address, out string reason)
        {
            if (!ValidateUnicastAddressAttribute.IsValid(address.Address, out reason))
                reason = $"{address} cannot be an interface's address: {reason}";
            else if (address.PrefixLength == 0) reason = $"{address} has the prefix length 0: every address would be on this one link.";
            return reason.Length == 0;
        }

        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            foreach (var address in Elements(arguments).OfType<InterfaceAddress>())
                if (!IsValid(address, out var reason)) throw new ValidationMetadataException(reason);
        }

        // An array parameter gets the whole array here.
        internal static IEnumerable<object?> Elements(object? arguments)
        {
            var value = arguments is PSObject pso ? pso.BaseObject : arguments;
            var values = value is IEnumerable many && !(value is string) ? many.Cast<object?>() : new[] { value };
            return values.Select(v => v is PSObject p ? p.BaseObject : v);
        }
    }

    /// <summary>
    /// A network in CIDR form whose host bits are zero (10.200.2.0/24, not 10.200.2.1/24), and not inside a block no
    /// container subnet or route can use: 0.0.0.0/8, loopback, multicast, reserved and broadcast (IPv6: ::/128, ::1/128,
    /// ff00::/8). The whole space (0.0.0.0/0, ::/0: a default route) passes. Null passes (an optional prefix bound from a
    /// piped object that has none); Mandatory catches a missing one.
    /// </summary>
    public sealed class ValidateNetworkPrefixAttribute : ValidateArgumentsAttribute
    {
        private static readonly (InterfaceAddress Block, string What)[] Unusable =
        {
            (InterfaceAddress.Parse("0.0.0.0/8"), "'this network' (0.0.0.0/8)"),
            (InterfaceAddress.Parse("127.0.0.0/8"), "loopback (127.0.0.0/8)"),
            (InterfaceAddress.Parse("224.0.0.0/4"), "multicast (224.0.0.0/4)"),
            (InterfaceAddress.Parse("240.0.0.0/4"), "reserved or broadcast (240.0.0.0/4)"),
            (InterfaceAddress.Parse("::/128"), "the unspecified address (::)"),
            (InterfaceAddress.Parse("::1/128"), "loopback (::1)"),
            (InterfaceAddress.Parse("ff00::/8"), "multicast (ff00::/8)"),
        };

        public static bool IsValid(InterfaceAddress prefix, out string reason)
        {
            reason = "";
            if (!prefix.IsNetwork) reason = $"{prefix} has host bits set; the network is {prefix.Network}.";
            else if (prefix.PrefixLength > 0 &&
                     Unusable.FirstOrDefault(u => u.Block.PrefixLength <= prefix.PrefixLength && u.Block.Contains(prefix.Address)) is var hit && hit.What != null)
                reason = $"{prefix} is {hit.What}, not a network containers or routes can use.";
            return reason.Length == 0;
        }

        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            foreach (var prefix in ValidateInterfaceAddressAttribute.Elements(arguments).OfType<InterfaceAddress>())
                if (!IsValid(prefix, out var reason)) throw new ValidationMetadataException(reason);
        }
    }
}
