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
}
