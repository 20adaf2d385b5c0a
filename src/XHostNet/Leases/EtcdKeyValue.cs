namespace XHostNet.Leases
{
    /// <summary>One key as etcd's range answer gives it (strings decoded from the gateway's base64, as UTF-8).</summary>
    public sealed class EtcdKeyValue
    {
        public string Key { get; set; } = "";
        public string Value { get; set; } = "";
        /// <summary>The etcd lease the key is bound to; 0 for a key without one (a flannel reservation).</summary>
        public long Lease { get; set; }
        public long ModRevision { get; set; }
    }
}
