using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using XHostNet.Docker;
using XHostNet.Linux;
using XHostNet.Routing;
using XHostNet.Sessions;

namespace XHostNet.Reachability
{
    public sealed class ReachabilityTarget
    {
        public ReachabilityTarget(string label, string address, ReachabilitySource? owner = null)
        {
            Label = label;
            Address = address;
            Owner = owner;
        }

        /// <summary>
        /// A target as the user gave it: an address, a CIDR form of one (10.201.2.5/24 stands for 10.201.2.5), or a host
        /// name. ping reads "1", "010.1.1.1" or "0x0a.1.1.1" the inet_aton way (0.0.0.1, 8.1.1.1, 10.1.1.1), so what looks
        /// like a number must be a proper address; anything else must be a plain ASCII host name. Null when it is neither.
        /// </summary>
        public static ReachabilityTarget? FromText(string text)
        {
            var slash = text.IndexOf('/');
            var address = slash >= 0 ? text.Substring(0, slash) : text;
            bool valid;
            if (slash >= 0) valid = InterfaceAddress.TryParse(text, out _, out _);
            else if (address.Contains(":") || LooksNumeric(address)) valid = InterfaceAddress.TryParseAddress(address, out _, out _);
            else valid = HostName.IsMatch(address);
            return valid ? new ReachabilityTarget(text, address) : null;
        }

        private static readonly Regex HostName = new Regex(@"^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?\z", RegexOptions.CultureInvariant);

        private static bool LooksNumeric(string address) =>
            address.Split('.').All(l => l.Length == 0 || l.All(c => c >= '0' && c <= '9') || l.StartsWith("0x", StringComparison.OrdinalIgnoreCase));

        public string Label { get; }
        public string Address { get; }
        /// <summary>The container the address belongs to, when it came from -TargetContainer (a container does not test itself).</summary>
        public ReachabilitySource? Owner { get; }
    }
}
