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
}
