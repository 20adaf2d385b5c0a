using System;
using System.Collections.Generic;
using System.Linq;

namespace XHostNet.Execution
{
    /// <summary>
    /// The session can no longer reach its host: its network namespace is gone or its SSH connection was lost.
    /// A new session is needed (New-XHostSession); XHostNet does not silently reconnect a session that was lost.
    /// </summary>
    public sealed class SessionClosedException : Exception
    {
        public SessionClosedException(string host, string reason)
            : base($"The session to '{host}' is closed: {reason}. Open a new one with New-XHostSession.")
        {
            Host = host;
        }

        public string Host { get; }
    }
}
