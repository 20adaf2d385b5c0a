namespace XHostNet.Reachability
{
    /// <summary>How far a run is: pairs done out of all pairs.</summary>
    public readonly struct ReachabilityProgress
    {
        public ReachabilityProgress(int done, int total)
        {
            Done = done;
            Total = total;
        }

        public int Done { get; }
        public int Total { get; }
        public int PercentComplete => Total == 0 ? 100 : 100 * Done / Total;
    }
}
