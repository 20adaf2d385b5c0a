namespace XHostNet.Persistence
{
    /// <summary>Where each format keeps its files, as on a real host; every path is taken under a root (/ on a host, a temporary directory in tests).</summary>
    public static class BridgeConfigPaths
    {
        public const string NetworkScripts = "/etc/sysconfig/network-scripts";
        public const string Interfaces = "/etc/network/interfaces";
        public const string InterfacesDirectory = "/etc/network/interfaces.d";
        public const string Networkd = "/etc/systemd/network";
        /// <summary>
        /// The networkd files' name prefix. networkd applies the first .network file (in lexical order over all its
        /// directories) that matches a link, and its manual recommends prefixes below 70; 10 puts ours before the usual
        /// distribution and generator files, so a port's own older file does not take it over.
        /// </summary>
        public const string NetworkdPrefix = "10-xhostnet-";

        public static string Under(string root, string hostPath) => root.TrimEnd('/') + hostPath;

        public static string Directory(string path) => path.Substring(0, path.LastIndexOf('/'));

        public static string FileName(string path) => path.Substring(path.LastIndexOf('/') + 1);
    }
}
