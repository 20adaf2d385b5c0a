using System;
using System.Collections.Generic;
using System.Linq;
using XHostNet.Sessions;

namespace XHostNet.Linux
{
    /// <summary>A Linux bridge as its host reports it.</summary>
    public sealed class LinuxBridge
    {
        public string Name { get; set; } = "";
        public int Index { get; set; }
        /// <summary>Up or Down: the administrative state (ip link set up/down).</summary>
        public string AdminState { get; set; } = "";
        /// <summary>The kernel's operational state: UP, DOWN (e.g. no port with carrier), UNKNOWN.</summary>
        public string OperState { get; set; } = "";
        public int Mtu { get; set; }
        public string MacAddress { get; set; } = "";
        public bool StpEnabled { get; set; }
        /// <summary>Configured addresses in CIDR form (link-local ones left out).</summary>
        public string[] Addresses { get; set; } = Array.Empty<string>();
        /// <summary>Interfaces enslaved to the bridge.</summary>
        public string[] Ports { get; set; } = Array.Empty<string>();
        public string Host => Session?.Host ?? "local";
        /// <summary>The session the bridge was read through, so the next cmdlet acts on the same host.</summary>
        public XHostSession? Session { get; set; }

        public static LinuxBridge FromLinks(IpLink bridge, IEnumerable<IpLink> allLinks, XHostSession? session) => new LinuxBridge
        {
            Name = bridge.Name,
            Index = bridge.Index,
            AdminState = bridge.AdminUp ? "Up" : "Down",
            OperState = bridge.OperState,
            Mtu = bridge.Mtu,
            MacAddress = bridge.MacAddress,
            StpEnabled = bridge.StpEnabled == true,
            Addresses = bridge.Addresses.Where(a => a.IsConfigured).Select(a => a.Address.ToString()).ToArray(),
            Ports = allLinks.Where(l => l.Master == bridge.Name).Select(l => l.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray(),
            Session = session,
        };

        public override string ToString() => Name;
    }
}
