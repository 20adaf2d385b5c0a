using System;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using XHostNet.Docker;
using XHostNet.Linux;
using XHostNet.Sessions;

namespace XHostNet.Leases
{
    /// <summary>
    /// What a host brings to its lease request, read in one round trip: its public address (flannel's PublicIP: the
    /// -Interface's address, else the address of the interface its default route leaves by, as flanneld picks it), that
    /// interface's MTU, and the subnet.env it has now.
    /// </summary>
    public sealed class LeaseHost
    {
        public XHostSession Session { get; set; } = null!;
        public IPAddress PublicIP { get; set; } = IPAddress.None;
        public string Interface { get; set; } = "";
        public int InterfaceMtu { get; set; }
        /// <summary>The subnet.env path on this host ({host} filled in).</summary>
        public string SubnetFile { get; set; } = "";
        /// <summary>Its content now, or null when there is none.</summary>
        public string? SubnetFileText { get; set; }

        /// <summary>The subnet the host's subnet.env names: the one to try first, as flanneld tries its last lease again.</summary>
        public InterfaceAddress? PreviousSubnet
        {
            get
            {
                if (SubnetFileText is null) return null;
                try
                {
                    return InterfaceAddress.Parse(FlannelSubnetReader.Parse(SubnetFileText, SubnetFile).Subnet);
                }
                catch (FormatException)
                {
                    return null;
                }
            }
        }

        public static async Task<LeaseHost> ReadAsync(XHostSession session, string? interfaceName, string subnetFile, CancellationToken ct)
        {
            var read = await session.RunBatchAsync(new[]
            {
                new[] { "ip", "-j", "-4", "address", "show" },
                new[] { "ip", "-j", "-4", "route", "show", "default" },
                // A missing file is the usual case before the first lease.
                new[] { "sh", "-c", "[ ! -e \"$1\" ] || cat -- \"$1\"", "sh", subnetFile },
            }, stopOnError: false, ct).ConfigureAwait(false);
            read.EnsureSuccess();
            // ip's odd output (another version, a truncated answer) is ToolOutputUnreadable naming the commands, as for every reader of it.
            return ToolOutput.Read("ip -j -4 address show; ip -j -4 route show default", () => FromOutput(session, interfaceName, subnetFile,
                read.Results[0].StandardOutput, read.Results[1].StandardOutput, read.Results[2].StandardOutput));
        }

        private static LeaseHost FromOutput(XHostSession session, string? interfaceName, string subnetFile, string addressJson, string routeJson, string text)
        {
            var links = JsonDocument.Parse(Json(addressJson)).RootElement;
            var routes = JsonDocument.Parse(Json(routeJson)).RootElement;
            string? preferred = null;
            if (interfaceName is null)
            {
                var route = routes.EnumerateArray().FirstOrDefault(r => r.TryGetProperty("dev", out _));
                if (route.ValueKind != JsonValueKind.Object)
                    throw Unknown(session, "it has no IPv4 default route");
                interfaceName = route.GetProperty("dev").GetString()!;
                if (route.TryGetProperty("prefsrc", out var src)) preferred = src.GetString();
            }
            var link = links.EnumerateArray().FirstOrDefault(l => l.GetProperty("ifname").GetString() == interfaceName);
            if (link.ValueKind != JsonValueKind.Object) throw Unknown(session, $"it has no interface {interfaceName} with an IPv4 address");
            var addresses = link.GetProperty("addr_info").EnumerateArray()
                .Where(a => a.TryGetProperty("scope", out var s) && s.GetString() == "global").Select(a => a.GetProperty("local").GetString()!).ToList();
            var chosen = preferred != null && addresses.Contains(preferred) ? preferred : addresses.FirstOrDefault()
                ?? throw Unknown(session, $"{interfaceName} has no global IPv4 address");
            return new LeaseHost
            {
                Session = session, PublicIP = IPAddress.Parse(chosen), Interface = interfaceName, InterfaceMtu = link.GetProperty("mtu").GetInt32(),
                SubnetFile = subnetFile, SubnetFileText = text.Length == 0 ? null : text,
            };
        }

        private static string Json(string text) => text.Trim().Length == 0 ? "[]" : text;

        private static XHostException Unknown(XHostSession session, string why) =>
            new XHostException(XHostErrorKind.NotFound, ErrorIds.LeasePublicAddressUnknown,
                $"The public address of host '{session.Host}' is unknown: {why}. Give -Interface, the interface the other hosts reach it on. Nothing was claimed.");
    }
}
