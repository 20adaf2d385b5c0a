using System.Globalization;
using System.Text.RegularExpressions;

namespace XHostNet.Reachability
{
    /// <summary>The summary lines of a ping run, from iputils or BusyBox.</summary>
    public sealed class PingSummary
    {
        public int Sent { get; set; }
        public int Received { get; set; }
        public double? RttMin { get; set; }
        public double? RttAvg { get; set; }
        public double? RttMax { get; set; }
        public bool Parsed { get; set; }
    }

    /// <summary>
    /// Parses ping's summary. iputils: "3 packets transmitted, 3 received, 0% packet loss, time 2003ms" and
    /// "rtt min/avg/max/mdev = 0.041/0.049/0.060/0.008 ms"; BusyBox: "3 packets transmitted, 3 packets received,
    /// 0% packet loss" and "round-trip min/avg/max = 0.092/0.106/0.129 ms".
    /// </summary>
    public static class PingOutput
    {
        private static readonly Regex Counts = new Regex(@"(\d+) packets transmitted, (\d+) (?:packets )?received", RegexOptions.CultureInvariant);
        private static readonly Regex Rtt = new Regex(@"(?:rtt|round-trip) min/avg/max(?:/mdev)? = ([\d.]+)/([\d.]+)/([\d.]+)", RegexOptions.CultureInvariant);

        public static PingSummary Parse(string output)
        {
            var summary = new PingSummary();
            var counts = Counts.Match(output);
            if (!counts.Success) return summary;
            summary.Parsed = true;
            summary.Sent = int.Parse(counts.Groups[1].Value, CultureInfo.InvariantCulture);
            summary.Received = int.Parse(counts.Groups[2].Value, CultureInfo.InvariantCulture);
            var rtt = Rtt.Match(output);
            if (rtt.Success)
            {
                summary.RttMin = double.Parse(rtt.Groups[1].Value, CultureInfo.InvariantCulture);
                summary.RttAvg = double.Parse(rtt.Groups[2].Value, CultureInfo.InvariantCulture);
                summary.RttMax = double.Parse(rtt.Groups[3].Value, CultureInfo.InvariantCulture);
            }
            return summary;
        }
    }
}
