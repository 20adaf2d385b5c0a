namespace XHostNet.Reachability
{
    /// <summary>One source and one target to test between.</summary>
    public sealed class ReachabilityPair
    {
        public ReachabilityPair(ReachabilitySource source, ReachabilityTarget target)
        {
            Source = source;
            Target = target;
        }

        public ReachabilitySource Source { get; }
        public ReachabilityTarget Target { get; }
    }
}
