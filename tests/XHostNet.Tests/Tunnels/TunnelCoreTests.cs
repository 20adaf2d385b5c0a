using System.Net;
using XHostNet.Execution;
using XHostNet.Linux;
using XHostNet.Ovs;
using XHostNet.Planning;
using XHostNet.PowerShell;
using XHostNet.Routing;
using XHostNet.Sessions;
using XHostNet.Tunnels;
using XHostNet.Tests.Planning;

namespace XHostNet.Tests.Tunnels;

/// <summary>Tunnels without a host: what the reader reports from a snapshot, overhead arithmetic, endpoint validation.</summary>
public class TunnelCoreTests
{
    [Fact]
    public void Tunnels_report_their_overlay_mtu_from_the_underlay_device()
    {
        var gre = Assert.Single(TunnelReader.Gre(OverlaySnapshot.State()));
        Assert.Equal(("gre0", "7", "obrphy", 1500, 42, 1458), (gre.Name, gre.Key, gre.EgressInterface, gre.UnderlayMtu!.Value, gre.Overhead, gre.OverlayMtu!.Value));
        Assert.Equal((95L, 44L), (gre.TxPackets!.Value, gre.RxPackets!.Value));
        var vx = Assert.Single(TunnelReader.Vxlan(OverlaySnapshot.State()));
        // A kernel VXLAN without "dev": the underlay is found from the routes (10.201.0.3 is on obrphy's network).
        Assert.Equal((TunnelImplementation.Kernel, 42, 4789, "br1", "obrphy", 1450, 9L), (vx.Implementation, vx.Vni, vx.Port, vx.Bridge, vx.EgressInterface, vx.OverlayMtu!.Value, vx.TxPackets!.Value));
    }

    [Theory]
    [InlineData(false, false, 38)]
    [InlineData(false, true, 42)]
    [InlineData(true, false, 58)]
    public void Gre_overhead_counts_outer_ip_gre_header_key_and_inner_ethernet(bool ipv6, bool key, int bytes) =>
        Assert.Equal(bytes, TunnelOverhead.Gre(ipv6, key));

    [Fact]
    public void Vxlan_overhead_is_50_bytes_over_ipv4_and_70_over_ipv6() =>
        Assert.Equal((50, 70), (TunnelOverhead.Vxlan(false), TunnelOverhead.Vxlan(true)));

    [Theory]
    [InlineData("10.201.0.2", true)]
    [InlineData("fd00::2", true)]
    [InlineData("0.0.0.0", false)]
    [InlineData("255.255.255.255", false)]
    [InlineData("127.0.0.1", false)]
    [InlineData("::1", false)]
    [InlineData("239.1.1.1", false)]
    [InlineData("ff02::1", false)]
    public void Tunnel_endpoints_must_be_unicast(string address, bool valid) =>
        Assert.Equal(valid, ValidateUnicastAddressAttribute.IsValid(IPAddress.Parse(address), out _));
}
