using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace XHostNet.Persistence
{
    /// <summary>
    /// systemd-networkd: 10-xhostnet-BRIDGE.netdev makes the bridge (Kind=bridge, its MTU, STP off, no forwarding delay),
    /// 10-xhostnet-BRIDGE.network gives it its addresses, gateways and routes, and 10-xhostnet-PORT.network enslaves
    /// each port (Bridge=BRIDGE), field names as systemd.netdev(5) and systemd.network(5) document them.
    /// </summary>
    public sealed class SystemdNetworkdWriter : IBridgeConfigWriter
    {
        public IReadOnlyList<FileEdit> Save(BridgeConfigState state, BridgeConfigSpec spec, bool force, DateTime now, ICollection<string> warnings)
        {
            var dir = state.PathOf(BridgeConfigPaths.Networkd) + "/" + BridgeConfigPaths.NetworkdPrefix;
            var edits = new List<FileEdit>
            {
                OwnedFiles.Write(state, $"{dir}{spec.Bridge}.netdev", "Bridge", spec.Bridge, NetDev(spec), force, now),
                OwnedFiles.Write(state, $"{dir}{spec.Bridge}.network", "Bridge", spec.Bridge, BridgeNetwork(spec), force, now),
            };
            edits.AddRange(spec.Ports.Select(port => OwnedFiles.Write(state, $"{dir}{port}.network", "Port " + port, spec.Bridge, PortNetwork(port, spec), force, now)));
            foreach (var name in new[] { spec.Bridge }.Concat(spec.Ports))
            {
                foreach (var earlier in EarlierMatches(state, name))
                {
                    warnings.Add($"On host '{state.Session.Host}', {earlier} matches {name} and sorts before {BridgeConfigPaths.NetworkdPrefix}{name}.network, so networkd " +
                                 $"applies it to {name} instead of XHostNet's file: move it aside, or narrow its [Match] Name=.");
                }
            }
            return edits;
        }

        /// <summary>
        /// The .network files in /etc/systemd/network that XHostNet did not write, sort before ours, and match the
        /// interface by [Match] Name= (networkd applies the first matching file, in lexical order, and no other).
        /// </summary>
        public static IEnumerable<string> EarlierMatches(BridgeConfigState state, string name)
        {
            var dir = state.PathOf(BridgeConfigPaths.Networkd) + "/";
            var ours = BridgeConfigPaths.NetworkdPrefix + name + ".network";
            return state.Files
                .Where(f => f.Key.StartsWith(dir, StringComparison.Ordinal) && f.Key.EndsWith(".network", StringComparison.Ordinal) && f.Value != null &&
                            ConfigMarker.ReadFileHeader(f.Value) is null && string.CompareOrdinal(BridgeConfigPaths.FileName(f.Key), ours) < 0 &&
                            MatchNames(f.Value).Any(pattern => Glob(pattern).IsMatch(name)))
                .Select(f => f.Key).OrderBy(k => k, StringComparer.Ordinal);
        }

        // The Name= globs of a file's [Match] section; a negated list ("!eth0") is left out rather than half-understood.
        private static IEnumerable<string> MatchNames(string content)
        {
            var inMatch = false;
            foreach (var raw in content.Split('\n'))
            {
                var line = raw.Trim();
                if (line.StartsWith("[", StringComparison.Ordinal)) inMatch = line == "[Match]";
                else if (inMatch && line.StartsWith("Name=", StringComparison.Ordinal) && !line.StartsWith("Name=!", StringComparison.Ordinal))
                    foreach (var word in line.Substring(5).Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries)) yield return word;
            }
        }

        private static Regex Glob(string pattern) =>
            new Regex("^" + Regex.Escape(pattern).Replace("\\*", ".*").Replace("\\?", ".") + "$",
                RegexOptions.CultureInvariant);

        public static string NetDev(BridgeConfigSpec spec)
        {
            var s = new StringBuilder($"[NetDev]\nName={spec.Bridge}\nKind=bridge\n");
            if (spec.Mtu is int mtu) s.Append($"MTUBytes={mtu.ToString(CultureInfo.InvariantCulture)}\n");
            s.Append("\n[Bridge]\nSTP=no\nForwardDelaySec=0\n");
            return s.ToString();
        }

        public static string BridgeNetwork(BridgeConfigSpec spec)
        {
            var s = new StringBuilder($"[Match]\nName={spec.Bridge}\n\n[Network]\n");
            foreach (var a in spec.Addresses) s.Append($"Address={a}\n");
            if (spec.Gateway != null) s.Append($"Gateway={spec.Gateway}\n");
            if (spec.Gateway6 != null) s.Append($"Gateway={spec.Gateway6}\n");
            // A bridge has no carrier until a port has: without this networkd would wait to give it its addresses.
            s.Append("ConfigureWithoutCarrier=yes\n");
            foreach (var r in spec.Routes)
            {
                s.Append($"\n[Route]\nDestination={r.Destination}\n");
                if (r.Gateway != null) s.Append($"Gateway={r.Gateway}\n");
                if (r.Gateway != null && r.OnLink) s.Append("GatewayOnLink=yes\n");
            }
            return s.ToString();
        }

        public static string PortNetwork(string port, BridgeConfigSpec spec)
        {
            var s = new StringBuilder($"[Match]\nName={port}\n\n[Network]\nBridge={spec.Bridge}\n");
            if (spec.Mtu is int mtu) s.Append($"\n[Link]\nMTUBytes={mtu.ToString(CultureInfo.InvariantCulture)}\n");
            return s.ToString();
        }
    }
}
