using System;
using System.Management.Automation;

namespace XHostNet.PowerShell
{
    /// <summary>A TimeSpan between two bounds in seconds, checked at binding (PowerShellStandard's ValidateRange cannot take TimeSpans).</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateTimeSpanRangeAttribute : ValidateArgumentsAttribute
    {
        private readonly TimeSpan _min, _max;

        public ValidateTimeSpanRangeAttribute(double minSeconds, double maxSeconds)
        {
            _min = TimeSpan.FromSeconds(minSeconds);
            _max = TimeSpan.FromSeconds(maxSeconds);
        }

        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            var value = arguments is PSObject p ? p.BaseObject : arguments;
            if (!(value is TimeSpan span) || span < _min || span > _max)
                throw new ValidationMetadataException($"'{arguments}' is not a time between {_min} and {_max}.");
        }
    }
}
