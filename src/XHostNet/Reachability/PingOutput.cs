using System;
using System.Globalization;
using System.Linq;
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

        // iputils prints ICMP errors it receives as "From 10.201.1.1 icmp_seq=1 Destination Host Unreachable".
        private static readonly Regex IcmpError = new Regex(@"^From ([^ ]+?):? (?:icmp_seq|seq)=[0-9]+ (.+)$", RegexOptions.CultureInvariant | RegexOptions.Multiline);

        /// <summary>
        /// Why no reply came, in ping's own words once each ("local error: message too long, mtu=1462", "connect: Network
        /// is unreachable", "Destination Host Unreachable (from 10.201.1.1)"), or that none came within the timeout.
        /// Null when a reply came.
        /// </summary>
        public static string? FailureReason(PingSummary summary, string standardOutput, string standardError, int exitCode, int timeoutSeconds)
        {
            if (summary.Parsed && summary.Received > 0) return null;
            var said = (standardError ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)
                .Select(l => l.StartsWith("ping: ", StringComparison.Ordinal) ? l.Substring("ping: ".Length) : l)
                .Concat(IcmpError.Matches(standardOutput ?? "").Cast<Match>().Select(m => $"{m.Groups[2].Value.Trim()} (from {m.Groups[1].Value})"))
                .Distinct(StringComparer.Ordinal).ToList();
            if (said.Count > 0) return string.Join("; ", said);
            if (!summary.Parsed) return $"ping failed (exit {exitCode}) and printed no summary: {(standardOutput ?? "").Trim()}".TrimEnd(' ', ':');
            return $"no reply within {timeoutSeconds} s";
        }

        private static int Count(string text) =>
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
                : throw ToolOutput.Unreadable("ping", $"the packet count '{text}' is not a number XHostNet can hold");

        private static double Milliseconds(string text) =>
            double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var ms) && !double.IsInfinity(ms) ? ms
                : throw ToolOutput.Unreadable("ping", $"the round-trip time '{text}' is not a number");
    }
}
