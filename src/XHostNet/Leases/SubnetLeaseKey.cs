using System;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using XHostNet.Linux;

namespace XHostNet.Leases
{
    /// <summary>
    /// flannel's subnet key names: &lt;prefix&gt;/subnets/10.5.52.0-24 (an IPv4 subnet with "-" for "/"; a dual-stack lease
    /// adds "&amp;fd00::-64", which is read and kept but never made here).
    /// </summary>
    public static class SubnetLeaseKey
    {
        private static readonly Regex Name = new Regex(@"(\d+\.\d+\.\d+\.\d+)-(\d+)(?:&([a-f\d:]+)-(\d+))?\z", RegexOptions.CultureInvariant);

        public static string Of(InterfaceAddress subnet) => $"{subnet.Network.Address}-{subnet.PrefixLength}";

        /// <summary>The IPv4 subnet a key names, or null for a key that is not a subnet (flanneld skips those too).</summary>
        public static InterfaceAddress? Parse(string key)
        {
            var m = Name.Match(key.Substring(key.LastIndexOf('/') + 1));
            if (!m.Success || !IPAddress.TryParse(m.Groups[1].Value, out var address) || address.AddressFamily != AddressFamily.InterNetwork) return null;
            if (!int.TryParse(m.Groups[2].Value, out var length) || length > 32) return null;
            return new InterfaceAddress(address, length);
        }
    }
}
