namespace XHostNet.Network
{
    /// <summary>
    /// How a whole network joins its hosts' containers: the seeds' recipes, made loop-free and repeatable.
    /// SharedLan: br0 carries each host's NIC and LAN address, containers take slices of the LAN.
    /// OvsGre: obr0 (Open vSwitch) with a GRE port to every peer, inside br0; routes to the peers' subnets through it.
    /// Vxlan: the same with kernel VXLAN devices on br0, one per peer.
    /// HostRoutes: no tunnel; each host routes the peers' subnets via the peers' underlay addresses (flannel host-gw).
    /// </summary>
    public enum NetworkMode { SharedLan, OvsGre, Vxlan, HostRoutes }
}
