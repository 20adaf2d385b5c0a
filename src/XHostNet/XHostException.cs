using System;

namespace XHostNet
{
    /// <summary>What kind of problem a core operation met; the cmdlets map it onto a PowerShell ErrorCategory.</summary>
    public enum XHostErrorKind { InvalidArgument, NotFound, Conflict }

    /// <summary>A problem found while reading or planning, before anything on the host was changed.</summary>
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
