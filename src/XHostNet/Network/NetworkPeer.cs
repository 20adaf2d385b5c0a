namespace XHostNet.Network
{
    /// <summary>Another host of the network, as a host's record remembers it.</summary>
    public sealed class NetworkPeer
    {
        public string Host { get; set; } = "";
        public string UnderlayAddress { get; set; } = "";
        public string Subnet { get; set; } = "";
        /// <summary>The address the peer answers on for its containers: its br0 address (SharedLan: its LAN address).</summary>
        public string BridgeAddress { get; set; } = "";
    }
}
