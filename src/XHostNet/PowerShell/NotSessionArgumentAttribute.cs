using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using XHostNet.Sessions;

namespace XHostNet.PowerShell
{
    /// <summary>
    /// On a name parameter that takes pipeline input by value: a session piped in leaves the name unset (null), so
    /// the session binds only to -Session (by property name) and is never turned into a name through its ToString.
    /// Optional names then mean "all" (<c>$h | Get-LinuxBridge</c>); mandatory ones refuse the null at binding
    /// (<c>$h | Remove-LinuxBridge</c> removes nothing). $null, empty names and empty lists are refused.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class NotSessionArgumentAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject p ? p.BaseObject : inputData;
            if (value is XHostSession) return null;
            // What [ValidateNotNullOrEmpty] refused, which cannot stand beside this (it would refuse the null above).
            if (value is null || value is string { Length: 0 }) throw new ArgumentTransformationMetadataException("The name is $null or empty.");
            if (value is IEnumerable items && !(value is string))
            {
                var names = items.Cast<object?>().Select(i => i is PSObject o ? o.BaseObject : i).ToList();
                if (names.Count == 0 || names.Any(n => n is null || n is string { Length: 0 }))
                    throw new ArgumentTransformationMetadataException("The names are empty or hold $null or an empty name.");
            }
            return inputData;
        }
    }
}
