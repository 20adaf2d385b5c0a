using System;
using System.Globalization;
using XHostNet.Linux;

namespace XHostNet.Leases
{
    /// <summary>
    /// /run/flannel/subnet.env as flanneld writes it (FLANNEL_NETWORK, FLANNEL_SUBNET with the subnet's first address,
    /// FLANNEL_MTU, FLANNEL_IPMASQ, in that order), so Get-FlannelSubnet, Set-DockerBridge and flannel's own docker
    /// helpers read a lease of XHostNet's as one of flannel's.
    /// </summary>
    public static class SubnetEnvFile
    {
        /// <summary>What each backend's encapsulation takes from the interface MTU, as flanneld subtracts it.</summary>
        public static int Overhead(string backend) => backend switch
        {
            "vxlan" => 50,
            "udp" => 28,
            "ipip" => 20,
            "wireguard" => 80,
            _ => 0,
        };

        public static string Render(string network, InterfaceAddress subnet, int mtu, bool ipMasq) =>
            $"FLANNEL_NETWORK={network}\nFLANNEL_SUBNET={subnet.Network.Plus(1)}\nFLANNEL_MTU={mtu.ToString(CultureInfo.InvariantCulture)}\n" +
            $"FLANNEL_IPMASQ={(ipMasq ? "true" : "false")}\n";
    }
}
