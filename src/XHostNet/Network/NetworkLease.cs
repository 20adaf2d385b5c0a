namespace XHostNet.Network
{
    /// <summary>
    /// A host's subnet lease in the shared store (Connect-XHostNetwork -SubnetStore), as its network record keeps it:
    /// where the lease is, so Get-XHostNetwork shows it and Disconnect-XHostNetwork can give it back from any shell.
    /// </summary>
    public sealed class NetworkLease
    {
        /// <summary>The lease's key, /coreos.com/network/subnets/10.5.1.0-24.</summary>
        public string Key { get; set; } = "";
        public string Subnet { get; set; } = "";
        /// <summary>flannel's PublicIP: the host's underlay address, by which a re-run (or flanneld) finds the lease again.</summary>
        public string PublicIP { get; set; } = "";
        /// <summary>The etcd client URLs, comma-separated as etcdctl takes them. TLS files are not kept: they are the operator's, given again to Disconnect.</summary>
        public string Etcd { get; set; } = "";
        public string Prefix { get; set; } = "";
        /// <summary>etcd was reached through the host's session (-EtcdFromHost), so Disconnect reaches it that way too.</summary>
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
        public bool FromHost { get; set; }
        /// <summary>
        /// This network claimed the lease (the host held none for its address before), so it is the network's to give back;
        /// a lease the host held already (Request-ContainerSubnetLease, flanneld) is only used, and stays.
        /// </summary>
        public bool Claimed { get; set; }

        public override string ToString() => $"{Subnet} ({Key}, {(Claimed ? "claimed by the network" : "held before")}) in etcd {Etcd}";
    }
}
