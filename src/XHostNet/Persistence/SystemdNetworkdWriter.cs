using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace XHostNet.Persistence
{
    /// <summary>
    /// systemd-networkd: 10-xhostnet-BRIDGE.netdev makes the bridge (Kind=bridge, its MTU, STP off, no forwarding delay),
    /// 10-xhostnet-BRIDGE.network gives it its addresses, gateways and routes, and 10-xhostnet-PORT.network enslaves
    /// each port (Bridge=BRIDGE), field names as systemd.netdev(5) and systemd.network(5) document them.
    /// </summary>
    public sealed class SystemdNetworkdWriter : IBridgeConfigWriter
    {
        public BridgeConfigFormat Format => BridgeConfigFormat.SystemdNetworkd;

        public IReadOnlyList<FileEdit> Save(BridgeConfigState state, BridgeConfigSpec spec, bool force, DateTime now, ICollection<string> warnings)
        {
            var dir = state.PathOf(BridgeConfigPaths.Networkd) + "/" + BridgeConfigPaths.NetworkdPrefix;
            var edits = new List<FileEdit>
            {
                OwnedFiles.Write(state, $"{dir}{spec.Bridge}.netdev", "Bridge", spec.Bridge, NetDev(spec), force, now),
                OwnedFiles.Write(state, $"{dir}{spec.Bridge}.network", "Bridge", spec.Bridge, BridgeNetwork(spec), force, now),
            };
            edits.AddRange(spec.Ports.Select(port => OwnedFiles.Write(state, $"{dir}{port}.network", "Port " + port, spec.Bridge, PortNetwork(port, spec), force, now)));
            return edits;
        }

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
