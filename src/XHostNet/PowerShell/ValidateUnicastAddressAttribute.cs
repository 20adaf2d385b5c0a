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
}
