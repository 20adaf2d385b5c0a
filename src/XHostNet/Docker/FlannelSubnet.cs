using XHostNet.Sessions;

namespace XHostNet.Docker
{
    /// <summary>A host's flannel lease as /run/flannel/subnet.env states it; pipes into Set-DockerBridge (-Bip, -Mtu).</summary>
    public sealed class FlannelSubnet
    {
        /// <summary>FLANNEL_NETWORK: the whole overlay network.</summary>
        public string? Network { get; set; }
        /// <summary>FLANNEL_SUBNET: this host's subnet with the bridge's own address (10.1.15.1/24), which is what dockerd --bip takes.</summary>
        public string Bip { get; set; } = "";
        /// <summary>The subnet itself (10.1.15.0/24).</summary>
        public string Subnet { get; set; } = "";
        /// <summary>FLANNEL_MTU: the MTU the overlay leaves for containers.</summary>
        public int? Mtu { get; set; }
        /// <summary>FLANNEL_IPMASQ: whether flannel masquerades traffic leaving the overlay.</summary>
        public bool? IpMasq { get; set; }
        public string Path { get; set; } = "";
        public string Host => Session?.Host ?? "local";
        public XHostSession? Session { get; set; }

        public const string DefaultPath = "/run/flannel/subnet.env";
    }
}
