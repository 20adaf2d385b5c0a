using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using XHostNet.Execution;
using XHostNet.Sessions;

namespace XHostNet.Linux
{
    /// <summary>
    /// What an address move starts from, read in one round trip: the host's links, every interface's addresses with the
    /// attributes that recreate them, and the routes of all tables in both families.
    /// </summary>
    public sealed class AddressMoveState
    {
        public AddressMoveState(XHostSession session, IReadOnlyList<IpLink> links,
            IReadOnlyDictionary<string, IReadOnlyList<MovedAddress>> addresses, IReadOnlyList<MovedRoute> routes)
        {
            Session = session;
            Links = links;
            Addresses = addresses;
            Routes = routes;
        }

        public XHostSession Session { get; }
        public IReadOnlyList<IpLink> Links { get; }
        /// <summary>Each interface's addresses in the kernel's order (primary before secondary), by interface name.</summary>
        public IReadOnlyDictionary<string, IReadOnlyList<MovedAddress>> Addresses { get; }
        public IReadOnlyList<MovedRoute> Routes { get; }

        public IpLink? Link(string name) => Links.FirstOrDefault(l => l.Name == name);

        public IReadOnlyList<MovedAddress> AddressesOf(string name) =>
            Addresses.TryGetValue(name, out var list) ? list : Array.Empty<MovedAddress>();

        /// <summary>The read commands <see cref="Parse"/> takes the outputs of, in this order.</summary>
        public static IReadOnlyList<IReadOnlyList<string>> ReadCommands { get; } = new[]
        {
            IpJson.ShowLinksCommand,
            (IReadOnlyList<string>)new[] { "ip", "-4", "-j", "route", "show", "table", "all" },
            new[] { "ip", "-6", "-j", "route", "show", "table", "all" },
        };

        public static async Task<AddressMoveState> ReadAsync(XHostSession session, CancellationToken cancellationToken)
        {
            var batch = await session.RunBatchAsync(ReadCommands, stopOnError: false, cancellationToken).ConfigureAwait(false);
            return Parse(session, batch.Results);
        }

        /// <summary>A host without IPv6 fails the IPv6 read: it then has no IPv6 routes.</summary>
        public static AddressMoveState Parse(XHostSession session, IReadOnlyList<CommandResult> results)
        {
            var linksJson = results[0].EnsureSuccess().StandardOutput;
            var routes = MovedRoute.Parse(results[1].EnsureSuccess().StandardOutput, ipv6: false)
                .Concat(results[2].Succeeded ? MovedRoute.Parse(results[2].StandardOutput, ipv6: true) : Array.Empty<MovedRoute>()).ToList();
            return new AddressMoveState(session, IpJson.ParseLinks(linksJson), ParseAddresses(linksJson), routes);
        }

        private static IReadOnlyDictionary<string, IReadOnlyList<MovedAddress>> ParseAddresses(string json) =>
            ToolOutput.Read(ShellQuoting.Join(IpJson.ShowLinksCommand), () =>
            {
                var result = new Dictionary<string, IReadOnlyList<MovedAddress>>();
                if (string.IsNullOrWhiteSpace(json)) return result;
                using var doc = JsonDocument.Parse(json);
                foreach (var link in doc.RootElement.EnumerateArray())
                {
                    if (JsonText.StringOrNull(link, "ifname") is string name && IpJson.Property(link, "addr_info", JsonValueKind.Array) is JsonElement list)
                        result[name] = list.EnumerateArray().Select(MovedAddress.Parse).Where(a => a != null).Select(a => a!).ToList();
                }
                return result;
            });
    }
}
