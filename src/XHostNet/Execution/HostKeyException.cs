using System;
using System.Collections.Generic;
using System.Linq;

namespace XHostNet.Execution
{
    /// <summary>The host presented a key we do not trust. Carries the fingerprint it presented.</summary>
    public sealed class HostKeyException : Exception
    {
        public HostKeyException(string host, string presentedFingerprint, string message)
            : base(message)
        {
            Host = host;
            PresentedFingerprint = presentedFingerprint;
        }

        public string Host { get; }
        public string PresentedFingerprint { get; }
    }
}
