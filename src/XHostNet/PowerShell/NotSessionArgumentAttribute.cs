using System;
using System.Management.Automation;
using XHostNet.Sessions;

namespace XHostNet.PowerShell
{
    /// <summary>
    /// On a name parameter that takes pipeline input by value: a session piped in leaves the name unset (null), so
    /// the session binds only to -Session (by property name) and is never turned into a name through its ToString.
    /// Optional names then mean "all" (<c>$h | Get-LinuxBridge</c>); mandatory ones refuse the null at binding
    /// (<c>$h | Remove-LinuxBridge</c> removes nothing). An explicit $null is refused.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class NotSessionArgumentAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject p ? p.BaseObject : inputData;
            if (value is null) throw new ArgumentTransformationMetadataException("The name is $null.");
            return value is XHostSession ? null : inputData;
        }
    }
}
