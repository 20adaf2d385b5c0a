using System.Collections.Generic;
using System.Linq;

namespace XHostNet.Persistence
{
    /// <summary>Which format a host configures its network with, from one read (<see cref="BridgeConfigReader"/>).</summary>
    public static class BridgeConfigDetector
    {
        /// <summary>The formats in use: network-scripts' directory, ifupdown's interfaces file with ifup installed, networkd enabled.</summary>
        public static IReadOnlyList<BridgeConfigFormat> InUse(BridgeConfigState state)
        {
            var found = new List<BridgeConfigFormat>();
            if (state.NetworkScriptsDirectory) found.Add(BridgeConfigFormat.NetworkScripts);
            if (state.Interfaces != null && state.IfupInstalled) found.Add(BridgeConfigFormat.Ifupdown);
            if (state.NetworkdEnabled) found.Add(BridgeConfigFormat.SystemdNetworkd);
            return found;
        }

        /// <summary>
        /// The one format the host uses. A netplan host is refused: netplan writes networkd's or NetworkManager's files
        /// from its own YAML at every boot, so a file written beside them would be guessing. None or several in use is
        /// refused too; the caller then names the format.
        /// </summary>
        public static BridgeConfigFormat Detect(BridgeConfigState state)
        {
            var host = state.Session.Host;
            var under = state.Root.TrimEnd('/').Length == 0 ? "" : $" under {state.Root}";
            if (state.Netplan)
            {
                throw new XHostException(XHostErrorKind.InvalidArgument, ErrorIds.BridgeConfigNetplanUnsupported,
                    $"Host '{host}' is configured by netplan ({state.PathOf("/etc/netplan")}/*.yaml){under}, which XHostNet does not write: describe the bridge in netplan's YAML " +
                    "(a bridges: entry) and run netplan apply, or give the format netplan renders to explicitly. Nothing was changed.");
            }
            var found = InUse(state);
            if (found.Count == 1) return found[0];
            throw new XHostException(XHostErrorKind.InvalidArgument, ErrorIds.BridgeConfigFormatUnknown, found.Count == 0
                ? $"XHostNet cannot tell how host '{host}' configures its network{under}: none of {BridgeConfigPaths.NetworkScripts}, {BridgeConfigPaths.Interfaces} with ifupdown, " +
                  "or an enabled systemd-networkd was found. Give the format (NetworkScripts, Ifupdown or SystemdNetworkd). Nothing was changed."
                : $"Host '{host}'{under} has more than one network configuration in use ({string.Join(", ", found)}); give the format to write. Nothing was changed.");
        }
    }
}
