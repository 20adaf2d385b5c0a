using System;

namespace XHostNet
{
    /// <summary>What kind of problem a core operation met; the cmdlets map it onto a PowerShell ErrorCategory.</summary>
    public enum XHostErrorKind
    {
        InvalidArgument,
        NotFound,
        Conflict,
        /// <summary>A tool or daemon the operation needs is missing or not answering.</summary>
        Unavailable,
        /// <summary>The host took the change but reports that it does not work (e.g. an OVS interface with an error).</summary>
        Failed,
    }
}
