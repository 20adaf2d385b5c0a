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
}
