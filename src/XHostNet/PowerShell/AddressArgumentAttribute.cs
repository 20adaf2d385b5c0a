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
}
