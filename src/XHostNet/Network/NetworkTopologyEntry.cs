using XHostNet.Execution;

namespace XHostNet.Network
{
    /// <summary>One host of a topology file: how to reach it (a session by name, a namespace, this machine, or SSH) and its overrides.</summary>
    public sealed class NetworkTopologyEntry
    {
        /// <summary>The SessionName of a session this runspace already has (New-XHostSession -Name, or a lab's).</summary>
        public string? Session { get; set; }
        public string? NetworkNamespace { get; set; }
        public bool Local { get; set; }
        /// <summary>Set for an SSH host.</summary>
        public SshConnectionSettings? Ssh { get; set; }
        public string? OvsDatabase { get; set; }
        public string? DockerHost { get; set; }
        /// <summary>How to restart the host's dockerd when it is no service (an argv run on the host).</summary>
        public System.Collections.Generic.IReadOnlyList<string>? DockerRestartCommand { get; set; }
        /// <summary>The overrides, with no session yet.</summary>
        public NetworkHostSpec Overrides { get; set; } = new NetworkHostSpec();
        /// <summary>Where the file names the host, for messages: "Hosts[2]".</summary>
        public string Label { get; set; } = "";
    }
}
