using System;
using System.Collections.Generic;

namespace XHostNet.Execution
{
    /// <summary>How to reach and trust an SSH host.</summary>
    public sealed class SshConnectionSettings
    {
        public string HostName { get; set; } = "";
        public int Port { get; set; } = 22;
        public string UserName { get; set; } = "root";
        /// <summary>Private key files (OpenSSH, PEM or PuTTY format); one passphrase for all, if any.</summary>
        public IList<string> KeyFiles { get; set; } = new List<string>();
        public string? KeyPassphrase { get; set; }
        /// <summary>Password for password authentication and for <c>sudo -S</c>.</summary>
        public string? Password { get; set; }
        /// <summary>A pinned host key, SHA256:base64 as ssh-keygen -lf prints it. When set, known_hosts is not consulted.</summary>
        public string? HostKeyFingerprint { get; set; }
        public bool AcceptNewHostKey { get; set; }
        public string KnownHostsFile { get; set; } = KnownHosts.DefaultPath;
        public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);
        public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>
        /// A copy that trusts only <paramref name="fingerprint"/> (the key a first connection was presented), never a new
        /// key: a later connection with these settings reaches the same machine or fails.
        /// </summary>
        public SshConnectionSettings PinnedTo(string? fingerprint) => new SshConnectionSettings
        {
            HostName = HostName,
            Port = Port,
            UserName = UserName,
            KeyFiles = new List<string>(KeyFiles),
            KeyPassphrase = KeyPassphrase,
            Password = Password,
            HostKeyFingerprint = fingerprint ?? HostKeyFingerprint,
            AcceptNewHostKey = false,
            KnownHostsFile = KnownHostsFile,
            ConnectTimeout = ConnectTimeout,
            KeepAliveInterval = KeepAliveInterval,
        };
    }
}
