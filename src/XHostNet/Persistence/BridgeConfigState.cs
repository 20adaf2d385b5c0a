using System;
using System.Collections.Generic;
using XHostNet.Linux;
using XHostNet.Routing;
using XHostNet.Sessions;

namespace XHostNet.Persistence
{
    /// <summary>What one read of a host found about its network configuration: which formats are in use, and the files that matter.</summary>
    public sealed class BridgeConfigState
    {
        public BridgeConfigState(XHostSession session, string root)
        {
            Session = session;
            Root = root;
        }

        public XHostSession Session { get; }
        public string Root { get; }
        public bool NetworkScriptsDirectory { get; set; }
        /// <summary>ifupdown's ifup is installed (/sbin/ifup or /usr/sbin/ifup).</summary>
        public bool IfupInstalled { get; set; }
        /// <summary>systemd-networkd is enabled (a *.wants/systemd-networkd.service link under /etc/systemd/system).</summary>
        public bool NetworkdEnabled { get; set; }
        /// <summary>Netplan configuration exists (/etc/netplan/*.yaml): netplan generates the host's configuration.</summary>
        public bool Netplan { get; set; }
        /// <summary>/etc/network/interfaces, or null when it does not exist.</summary>
        public string? Interfaces { get; set; }
        /// <summary>
        /// The files of each configuration directory that matter (by full path): the text of a regular file, or null for
        /// something that is not one. A path not in the map does not exist.
        /// </summary>
        public Dictionary<string, string?> Files { get; } = new Dictionary<string, string?>(StringComparer.Ordinal);
        /// <summary>The host's links and routes, when the read included them (to persist a bridge as it is now).</summary>
        public IReadOnlyList<IpLink>? Links { get; set; }
        public IReadOnlyList<IpRoute>? Routes { get; set; }

        /// <summary>A configuration path (given as on a real host, /etc/…) under this state's root.</summary>
        public string PathOf(string hostPath) => BridgeConfigPaths.Under(Root, hostPath);

        public bool Exists(string path) => Files.ContainsKey(path);

        /// <summary>The text of a regular file, or null when it is missing; a file that is not regular is refused.</summary>
        public string? Text(string path)
        {
            if (!Files.TryGetValue(path, out var text)) return null;
            return text ?? throw new XHostException(XHostErrorKind.InvalidArgument, ErrorIds.BridgeConfigNotRegularFile,
                $"{path} on host '{Session.Host}' is not a regular file (a directory, device, FIFO or dangling link); XHostNet reads and replaces only regular files. Nothing was changed.");
        }
    }
}
