using System;

namespace XHostNet
{
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
