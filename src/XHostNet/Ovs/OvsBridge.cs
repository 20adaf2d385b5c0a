using System;
using System.Linq;
using XHostNet.Planning;
using XHostNet.Sessions;

namespace XHostNet.Ovs
{
    /// <summary>An Open vSwitch bridge as its host reports it (the database and the kernel).</summary>
    public sealed class OvsBridge
    {
        public string Name { get; set; } = "";
        /// <summary>system (the kernel datapath) or netdev (the userspace datapath).</summary>
        public string DatapathType { get; set; } = "";
        /// <summary>The bridge's ports, without its own internal port.</summary>
        public string[] Ports { get; set; } = Array.Empty<string>();
        /// <summary>The ports that are tunnels (GRE, VXLAN, …).</summary>
        public string[] Tunnels { get; set; } = Array.Empty<string>();
        /// <summary>up or down: the bridge's internal interface as Open vSwitch reports it.</summary>
        public string State { get; set; } = "";
        public int? Mtu { get; set; }
        /// <summary>The Linux bridge whose port this bridge's device is (br0 in the classic recipe), if any.</summary>
        public string? LinuxBridge { get; set; }
        /// <summary>Why the bridge does not work (no device, an error column); null when it works.</summary>
        public string? Error { get; set; }
        public string Host => Session?.Host ?? "local";
        public XHostSession? Session { get; set; }

        public static OvsBridge From(OvsBridgeRow row, HostNetworkState state)
        {
            var ovs = state.Ovs!;
            var own = ovs.Interface(row.Name);
            var link = state.Link(row.Name);
            return new OvsBridge
            {
                Name = row.Name,
                DatapathType = row.DatapathType.Length == 0 ? "system" : row.DatapathType,
                Ports = row.Ports.Where(p => p != row.Name).ToArray(),
                Tunnels = ovs.TunnelsOn(row.Name).Select(i => i.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray(),
                State = own?.LinkState ?? "",
                Mtu = link?.Mtu ?? own?.Mtu,
                LinuxBridge = link?.Master,
                Error = own is null ? "it has no internal interface" : link is null ? own.Failure ?? "there is no such device in the kernel" : own.Failure,
                Session = state.Session,
            };
        }

        public override string ToString() => Name;
    }
}
