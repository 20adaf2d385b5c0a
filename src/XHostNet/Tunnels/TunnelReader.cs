using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using XHostNet.Linux;
using XHostNet.Ovs;
using XHostNet.Planning;

namespace XHostNet.Tunnels
{
    /// <summary>Builds tunnel objects from a host's snapshot: Open vSwitch interfaces and kernel VXLAN links.</summary>
    public static class TunnelReader
    {
        public static IReadOnlyList<GreTunnel> Gre(HostNetworkState state) =>
            (state.Ovs?.Interfaces ?? new List<OvsInterfaceRow>()).Where(i => i.Type == "gre" || i.Type == "ip6gre")
                .Select(i => Fill(new GreTunnel { Key = Option(i, "key") }, i, state)).OrderBy(t => t.Name, System.StringComparer.Ordinal).ToList();

        public static IReadOnlyList<VxlanTunnel> Vxlan(HostNetworkState state)
        {
            var ovs = (state.Ovs?.Interfaces ?? new List<OvsInterfaceRow>()).Where(i => i.Type == "vxlan").Select(i => Fill(new VxlanTunnel
            {
                Vni = int.TryParse(Option(i, "key"), NumberStyles.None, CultureInfo.InvariantCulture, out var vni) ? vni : 0,
                Port = int.TryParse(Option(i, "dst_port"), NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : TunnelOverhead.VxlanDefaultPort,
            }, i, state));
            var kernel = state.Links.Where(l => l.Vxlan != null).Select(l => Kernel(l, state));
            return ovs.Concat(kernel).OrderBy(t => t.Name, System.StringComparer.Ordinal).ToList();
        }

        private static VxlanTunnel Kernel(IpLink link, HostNetworkState state)
        {
            var info = link.Vxlan!;
            var remote = info.Remote ?? "";
            var (device, mtu) = IPAddress.TryParse(remote, out var ip) ? state.UnderlayTo(ip, info.Device) : (info.Device, null);
            return new VxlanTunnel
            {
                Name = link.Name,
                Bridge = link.Master,
                Implementation = TunnelImplementation.Kernel,
                RemoteAddress = remote,
                LocalAddress = info.Local,
                SplitHorizon = link.Isolated == true,
                State = link.AdminUp ? (link.OperState == "DOWN" ? "down" : "up") : "down",
                EgressInterface = device,
                UnderlayMtu = mtu,
                Overhead = TunnelOverhead.Vxlan(TunnelOverhead.IsIPv6(remote)),
                Vni = info.Id,
                Port = info.Port,
                TxPackets = link.TxPackets,
                RxPackets = link.RxPackets,
                Session = state.Session,
            };
        }

        private static T Fill<T>(T tunnel, OvsInterfaceRow row, HostNetworkState state) where T : OverlayTunnel
        {
            var remote = Option(row, "remote_ip") ?? "";
            row.Status.TryGetValue("tunnel_egress_iface", out var egress);
            var (device, mtu) = IPAddress.TryParse(remote, out var ip) ? state.UnderlayTo(ip, egress) : (egress, null);
            tunnel.Name = row.Name;
            tunnel.Bridge = row.Bridge;
            tunnel.Implementation = TunnelImplementation.OpenVSwitch;
            tunnel.RemoteAddress = remote;
            tunnel.LocalAddress = Option(row, "local_ip");
            tunnel.SplitHorizon = row.Protected;
            tunnel.State = row.LinkState ?? "";
            tunnel.OfPort = row.OfPort is int p && p > 0 ? p : (int?)null;
            tunnel.Error = row.Failure;
            tunnel.EgressInterface = device;
            tunnel.UnderlayMtu = mtu;
            var ipv6 = TunnelOverhead.IsIPv6(remote);
            tunnel.Overhead = tunnel is GreTunnel gre ? TunnelOverhead.Gre(ipv6, gre.Key != null) : TunnelOverhead.Vxlan(ipv6);
            tunnel.TxPackets = Counter(row, "tx_packets");
            tunnel.RxPackets = Counter(row, "rx_packets");
            tunnel.Session = state.Session;
            return tunnel;
        }

        private static string? Option(OvsInterfaceRow row, string key) => row.Options.TryGetValue(key, out var v) ? v : null;

        private static long? Counter(OvsInterfaceRow row, string key) =>
            row.Statistics.TryGetValue(key, out var v) && long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : (long?)null;
    }
}
