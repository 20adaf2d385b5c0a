using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using XHostNet.Linux;
using XHostNet.Sessions;

namespace XHostNet.Docker
{
    /// <summary>Reads a host's flannel lease (subnet.env, which flanneld writes once it has a lease) into a <see cref="FlannelSubnet"/>.</summary>
    public static class FlannelSubnetReader
    {
        /// <summary>
        /// Reads and parses the lease at <paramref name="path"/> on the session's host. Refusals: FlannelSubnetNotFound
        /// (NotFound: no such file) and FlannelSubnetUnparsable (InvalidArgument: not a lease, naming what is wrong).
        /// </summary>
        public static async Task<FlannelSubnet> ReadAsync(XHostSession session, string path, CancellationToken ct)
        {
            var result = await session.RunAsync(new[] { "cat", path }, ct).ConfigureAwait(false);
            // cat runs under the C locale (CommandGuard), so its message is this one whatever the host's language.
            if (!result.Succeeded && result.StandardError.Contains("No such file"))
                throw new XHostException(XHostErrorKind.NotFound, ErrorIds.FlannelSubnetNotFound,
                    $"There is no {path} on host '{session.Host}': flanneld writes it once it has a lease (is flanneld running?).");
            try
            {
                var subnet = Parse(result.EnsureSuccess().StandardOutput, path);
                subnet.Session = session;
                return subnet;
            }
            catch (FormatException ex)
            {
                throw new XHostException(XHostErrorKind.InvalidArgument, ErrorIds.FlannelSubnetUnparsable, $"On host '{session.Host}': {ex.Message}");
            }
        }

        /// <summary>Parses KEY=VALUE lines (comments, blank lines, quotes and "export" allowed, as a shell would source them).</summary>
        internal static FlannelSubnet Parse(string text, string path)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var raw in text.Split('\n'))
            {
                var line = raw.Trim();
                if (line.Length == 0 || line[0] == '#') continue;
                if (line.StartsWith("export ", StringComparison.Ordinal)) line = line.Substring(7).Trim();
                var eq = line.IndexOf('=');
                if (eq <= 0) throw new FormatException($"{path}: '{raw.Trim()}' is not a KEY=VALUE line.");
                var value = line.Substring(eq + 1).Trim();
                if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[value.Length - 1] == value[0]) value = value.Substring(1, value.Length - 2);
                values[line.Substring(0, eq).Trim()] = value;
            }
            if (!values.TryGetValue("FLANNEL_SUBNET", out var subnet))
                throw new FormatException($"{path} has no FLANNEL_SUBNET.");
            if (!InterfaceAddress.TryParse(subnet, out var bip, out var error)) throw new FormatException($"{path}: FLANNEL_SUBNET: {error}");
            int? mtu = null;
            if (values.TryGetValue("FLANNEL_MTU", out var m))
            {
                if (!int.TryParse(m, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < 68)
                    throw new FormatException($"{path}: FLANNEL_MTU '{m}' is not an MTU.");
                mtu = parsed;
            }
            if (values.TryGetValue("FLANNEL_NETWORK", out var network) && !InterfaceAddress.TryParse(network, out _, out var networkError))
                throw new FormatException($"{path}: FLANNEL_NETWORK: {networkError}");
            bool? masq = values.TryGetValue("FLANNEL_IPMASQ", out var q) ? string.Equals(q, "true", StringComparison.OrdinalIgnoreCase) : (bool?)null;
            return new FlannelSubnet { Network = network, Bip = bip!.ToString(), Subnet = bip.Network.ToString(), Mtu = mtu, IpMasq = masq, Path = path };
        }
    }
}
