using System;
using System.Collections.Generic;
using System.Linq;

namespace XHostNet.Execution
{
    /// <summary>The host could not be reached or the session could not be opened (SSH connect, authentication).</summary>
    public sealed class HostConnectionException : Exception
    {
        public HostConnectionException(string host, string message, Exception? inner = null)
            : base($"Cannot reach host '{host}': {message}", inner)
        {
            Host = host;
        }

        public string Host { get; }
    }
}
