namespace XHostNet.Tests.Support;

/// <summary>
/// Time limits for tests that hold on a loaded machine (2 cores shared with builds and a second copy of the suite):
/// generous bases, multiplied by XHOSTNET_TEST_TIME_SCALE when a slower machine needs more. A limit is a guard against
/// a hang, not a performance check.
/// </summary>
internal static class Limits
{
    public static double Scale =>
        double.TryParse(Environment.GetEnvironmentVariable("XHOSTNET_TEST_TIME_SCALE"), System.Globalization.NumberStyles.Float,
            System.Globalization.CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 1;

    /// <summary>One tool run directly by a test (ip, ovs-vsctl, docker, a short shell).</summary>
    public static TimeSpan Command => TimeSpan.FromSeconds(120 * Scale);

    /// <summary>A whole walkthrough or lab scenario in its own process (~80 s at load 10 on 2 cores).</summary>
    public static TimeSpan Walkthrough => TimeSpan.FromMinutes(10 * Scale);
}
