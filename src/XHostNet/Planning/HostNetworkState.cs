using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using XHostNet.Execution;
using XHostNet.Linux;
using XHostNet.Ovs;
using XHostNet.Routing;
using XHostNet.Sessions;

namespace XHostNet.Planning
{
    /// <summary>
    /// One host's links, main-table routes and (optionally) Open vSwitch database, read in one round trip.
    /// Tunnels, routes and paths are all judged from this one snapshot.
    /// </summary>
    public sealed class HostNetworkState
    {
        public HostNetworkState(XHostSession session, IReadOnlyList<IpLink> links, IReadOnlyList<IpRoute> routes, OvsState? ovs)
        {
            Session = session;
            Links = links;
            Routes = routes;
            Ovs = ovs;
        }

        public XHostSession Session { get; }
        public IReadOnlyList<IpLink> Links { get; }
        public IReadOnlyList<IpRoute> Routes { get; }
        /// <summary>Null when Open vSwitch was not read or is not there.</summary>
        public OvsState? Ovs { get; }
        /// <summary>
        /// Set when Open vSwitch is installed but could not be read (database down): tunnels on it are then unknown,
        /// and whatever was judged without them deserves a warning. Null when it was read, or is not installed.
        /// </summary>
        public string? OvsWarning { get; private set; }

        public IpLink? Link(string name) => Links.FirstOrDefault(l => l.Name == name);

        /// <summary>The read commands <see cref="Parse"/> takes the outputs of, in this order.</summary>
        public static IReadOnlyList<IReadOnlyList<string>> ReadCommands(XHostSession session, OvsNeed ovs)
        {
            var commands = new List<IReadOnlyList<string>> { IpJson.ShowLinksCommand, IpRouteJson.ShowCommand(ipv6: false), IpRouteJson.ShowCommand(ipv6: true) };
            if (ovs != OvsNeed.None) commands.Add(OvsState.ReadCommand(session));
            return commands;
        }

        public static async Task<HostNetworkState> ReadAsync(XHostSession session, OvsNeed ovs, CancellationToken cancellationToken)
        {
            var batch = await session.RunBatchAsync(ReadCommands(session, ovs), stopOnError: false, cancellationToken).ConfigureAwait(false);
            return Parse(session, batch.Results, ovs);
        }

        public static HostNetworkState Parse(XHostSession session, IReadOnlyList<CommandResult> results, OvsNeed ovs)
        {
            var links = IpJson.ParseLinks(results[0].EnsureSuccess().StandardOutput);
            var routes = IpRouteJson.Parse(results[1].EnsureSuccess().StandardOutput)
                .Concat(results[2].Succeeded ? IpRouteJson.Parse(results[2].StandardOutput) : Array.Empty<IpRoute>()).ToList();
            OvsState? ovsState = null;
            string? warning = null;
            if (ovs != OvsNeed.None)
            {
                var read = results[3];
                var problem = read.Succeeded ? null : (Exception?)OvsVsctl.Explain(read, session) ?? new HostCommandException(read);
                if (read.Succeeded) ovsState = OvsState.Parse(read.StandardOutput);
                else if (ovs == OvsNeed.Required) throw problem!;
                // Not installed, or not running at its default socket: there are no Open vSwitch tunnels to miss.
                // A socket the session names that does not answer is a mistake worth a word.
                else if (!(problem is XHostException { ErrorId: ErrorIds.OvsNotInstalled }) &&
                         !(session.OvsDatabase is null && read.StandardError.Contains("No such file or directory")))
                    warning = $"Open vSwitch tunnels on host '{session.Host}' are not taken into account: {problem!.Message}";
            }
            return new HostNetworkState(session, links, routes, ovsState) { OvsWarning = warning };
        }

        /// <summary>The underlay device and its MTU for traffic to a tunnel's remote end: the route the kernel would pick.</summary>
        public (string? Device, int? Mtu) UnderlayTo(System.Net.IPAddress remote, string? knownDevice = null)
        {
            var device = knownDevice ?? IpRouteJson.Lookup(Routes, remote)?.Device;
            return (device, device is null ? null : Link(device)?.Mtu);
        }
    }
}
