using System.Globalization;
using System.Text.RegularExpressions;

namespace XHostNet.Reachability
{
    /// <summary>
    /// Parses ping's summary. iputils: "3 packets transmitted, 3 received, 0% packet loss, time 2003ms" and
    /// "rtt min/avg/max/mdev = 0.041/0.049/0.060/0.008 ms"; BusyBox: "3 packets transmitted, 3 packets received,
    /// 0% packet loss" and "round-trip min/avg/max = 0.092/0.106/0.129 ms".
    /// </summary>
    public static class PingOutput
    {
        // [0-9], not \d: \d also matches other scripts' digits, which int.Parse refuses.
        private static readonly Regex Counts = new Regex(@"([0-9]+) packets transmitted, ([0-9]+) (?:packets )?received", RegexOptions.CultureInvariant);
        private static readonly Regex Rtt = new Regex(@"(?:rtt|round-trip) min/avg/max(?:/mdev)? = ([0-9.]+)/([0-9.]+)/([0-9.]+)", RegexOptions.CultureInvariant);

        /// <summary>No summary line is Parsed = false (ping failed before sending); a summary with unreadable numbers is ToolOutputUnreadable.</summary>
        public static PingSummary Parse(string output)
        {
            var summary = new PingSummary();
            var counts = Counts.Match(output ?? "");
            if (!counts.Success) return summary;
            summary.Parsed = true;
            summary.Sent = Count(counts.Groups[1].Value);
            summary.Received = Count(counts.Groups[2].Value);
            var rtt = Rtt.Match(output!);
            if (rtt.Success)
            {
                summary.RttMin = Milliseconds(rtt.Groups[1].Value);
                summary.RttAvg = Milliseconds(rtt.Groups[2].Value);
                summary.RttMax = Milliseconds(rtt.Groups[3].Value);
            }
            return summary;
        }

        private static int Count(string text) =>
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
                : throw ToolOutput.Unreadable("ping", $"the packet count '{text}' is not a number XHostNet can hold");

        private static double Milliseconds(string text) =>
            double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var ms) && !double.IsInfinity(ms) ? ms
                : throw ToolOutput.Unreadable("ping", $"the round-trip time '{text}' is not a number");
    }
}
