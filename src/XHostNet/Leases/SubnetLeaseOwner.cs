namespace XHostNet.Leases
{
    /// <summary>Who claimed a subnet lease: XHostNet (it leaves a host marker beside the lease) or anyone else, flanneld or a hand.</summary>
    public enum SubnetLeaseOwner
    {
        Flannel,
        XHostNet,
    }
}
