using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using XHostNet.Linux;

namespace XHostNet.PowerShell
{
    /// <summary>
    /// A tunnel endpoint or gateway: an IPv4/IPv6 unicast address (not 0.0.0.0, broadcast, multicast or loopback).
    /// Null passes (an optional address bound from a piped object that has none); Mandatory catches a missing one.
    /// </summary>
    public sealed class ValidateUnicastAddressAttribute : ValidateArgumentsAttribute
    {
        public static bool IsValid(IPAddress? address, out string reason)
        {
            reason = "";
            if (address is null) reason = "An address is required.";
            else if (address.AddressFamily != AddressFamily.InterNetwork && address.AddressFamily != AddressFamily.InterNetworkV6)
                reason = $"'{address}' is not an IPv4 or IPv6 address.";
            else if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
                reason = $"'{address}' is not a unicast address.";
            else if (IPAddress.IsLoopback(address)) reason = $"'{address}' is a loopback address; it never leaves the host.";
            else if (address.IsIPv6Multicast || (address.AddressFamily == AddressFamily.InterNetwork && address.GetAddressBytes()[0] >= 224))
                reason = $"'{address}' is a multicast or reserved address, not a unicast endpoint.";
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
    /// A network in CIDR form whose host bits are zero (10.200.2.0/24, not 10.200.2.1/24). Null passes (an optional
    /// prefix bound from a piped object that has none); Mandatory catches a missing one.
    /// </summary>
    public sealed class ValidateNetworkPrefixAttribute : ValidateArgumentsAttribute
    {
        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            var value = arguments is PSObject pso ? pso.BaseObject : arguments;
            // An array parameter gets the whole array here: each element is checked.
            var values = value is System.Collections.IEnumerable many && !(value is string) ? many.Cast<object>() : new[] { value };
            foreach (var prefix in values.Select(v => v is PSObject p ? p.BaseObject : v).OfType<InterfaceAddress>())
                if (!prefix.IsNetwork) throw new ValidationMetadataException($"{prefix} has host bits set; the network is {prefix.Network}.");
        }
    }
}
