using XHostNet.Persistence;
using XHostNet.Sessions;

namespace XHostNet.Network
{
    /// <summary>
    /// Connect-XHostNetwork -Persist: write br0's boot configuration (the host's native format) as the network leaves
    /// it, in the same change round trip as the network itself.
    /// </summary>
    public sealed class NetworkPersist
    {
        public const string DefaultRoot = "/";

        /// <summary>The format to write; null: the one the host uses (see <see cref="BridgeConfigDetector"/>).</summary>
        public BridgeConfigFormat? Format { get; set; }
        /// <summary>The configuration root (/ on a real host; {host} stands for the session's host, for hosts that share one filesystem).</summary>
        public string Root { get; set; } = DefaultRoot;
        /// <summary>Replace configuration files XHostNet did not write, each kept as a backup beside it that Disconnect-XHostNetwork puts back.</summary>
        public bool Force { get; set; }


        /// <summary>The root for one host, {host} filled in.</summary>
        public string RootFor(XHostSession session) => HostPlaceholder.Fill(Root, session);
    }
}
