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
