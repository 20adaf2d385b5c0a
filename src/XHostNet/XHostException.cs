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

    /// <summary>A problem found while reading or planning (before anything changed), or found in the read-back after a change.</summary>
    public sealed class XHostException : Exception
    {
        public XHostException(XHostErrorKind kind, string errorId, string message)
            : base(message)
        {
            Kind = kind;
            ErrorId = errorId;
        }

        public XHostErrorKind Kind { get; }

        /// <summary>A stable identifier for scripts and tests, e.g. LinuxBridgeNotFound.</summary>
        public string ErrorId { get; }
    }
}
