using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using XHostNet.Linux;
using XHostNet.Planning;
using XHostNet.Sessions;

namespace XHostNet.Docker
{
    /// <summary>A running container's network namespace, reached through its main process (nsenter -t PID -n).</summary>
    public sealed class ContainerState
    {
        public string Name { get; set; } = "";
        public string Id { get; set; } = "";
        public int Pid { get; set; }
        public IReadOnlyList<IpLink> Links { get; set; } = Array.Empty<IpLink>();
        public IReadOnlyList<XHostNet.Routing.IpRoute> Routes { get; set; } = Array.Empty<XHostNet.Routing.IpRoute>();
        /// <summary>False for a stopped container: it has no network namespace, and no interfaces.</summary>
        public bool Running { get; set; }
        /// <summary>The host's links, to find each container interface's veth peer and bridge.</summary>
        public IReadOnlyList<IpLink> HostLinks { get; set; } = Array.Empty<IpLink>();
        public XHostSession Session { get; set; } = null!;

        public IReadOnlyList<string> InContainer(params string[] argv) =>
            new[] { "nsenter", "-t", Pid.ToString(CultureInfo.InvariantCulture), "-n" }.Concat(argv).ToList();

        /// <summary>
        /// Runs a program of the container's own (its mount, UTS, IPC, network and PID namespaces, its root and working
        /// directory), as docker exec does, but as a child of this command on the host: when the command is stopped,
        /// so is the program, which a docker exec'd process is not.
        /// </summary>
        public IReadOnlyList<string> InWholeContainer(params string[] argv) =>
            new[] { "nsenter", "-t", Pid.ToString(CultureInfo.InvariantCulture), "-m", "-u", "-i", "-n", "-p", "-r", "-w", "--" }.Concat(argv).ToList();

        public IReadOnlyList<ContainerInterface> Interfaces() => Links.Where(l => l.Name != "lo").Select(l =>
        {
            var peer = l.PeerIndex is int index ? HostLinks.FirstOrDefault(h => h.Index == index && h.PeerIndex == l.Index) : null;
            return new ContainerInterface
            {
                Container = Name,
                ContainerId = Id,
                Name = l.Name,
                Addresses = l.Addresses.Where(a => a.IsConfigured).Select(a => a.Address.ToString()).ToArray(),
                Mtu = l.Mtu,
                MacAddress = l.MacAddress,
                HostInterface = peer?.Name,
                Bridge = peer?.Master,
                Session = Session,
            };
        }).ToList();

        /// <param name="allowStopped">Return a stopped container (with no interfaces) instead of refusing it.</param>
        public static async Task<ContainerState> ReadAsync(XHostSession session, string container, CancellationToken ct, bool allowStopped = false)
        {
            var inspect = await session.RunAsync(DockerCli.Command(session, "inspect", "--type", "container", "--format",
                "{{.Id}} {{.State.Pid}} {{.State.Running}} {{.Name}} {{.HostConfig.NetworkMode}}", container), ct).ConfigureAwait(false);
            if (!inspect.Succeeded)
            {
                if (DockerCli.Explain(inspect, session) is XHostException engine) throw engine;
                throw new XHostException(XHostErrorKind.NotFound, ErrorIds.ContainerNotFound, $"There is no container '{container}' on host '{session.Host}' ({inspect.StandardError.Trim()}).");
            }
            var f = inspect.StandardOutput.Trim().Split(' ');
            var running = f.Length >= 5 && f[2] == "true" && int.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid != 0;
            var state = new ContainerState { Name = f.Length > 3 ? f[3].TrimStart('/') : container, Id = f[0], Pid = running ? int.Parse(f[1], CultureInfo.InvariantCulture) : 0, Session = session, Running = running };
            if (!running)
            {
                if (allowStopped) return state;
                throw new XHostException(XHostErrorKind.Conflict, ErrorIds.ContainerNotRunning, $"Container '{container}' on host '{session.Host}' is not running, so it has no network namespace.");
            }
            // A container on the host's network shares the host's namespace: its "interfaces" are the host's own.
            if (f[4] == "host")
                throw new XHostException(XHostErrorKind.InvalidArgument, ErrorIds.ContainerUsesHostNetwork,
                    $"Container '{state.Name}' on host '{session.Host}' runs with --network host: it has no network namespace of its own.");
            var batch = await session.RunBatchAsync(new[]
            {
                state.InContainer(IpJson.ShowLinksCommand.ToArray()),
                IpJson.ShowLinksCommand,
                state.InContainer("ip", "-j", "route", "show"),
            }, stopOnError: false, ct).ConfigureAwait(false);
            state.Links = IpJson.ParseLinks(batch.Results[0].EnsureSuccess().StandardOutput);
            state.HostLinks = IpJson.ParseLinks(batch.Results[1].EnsureSuccess().StandardOutput);
            state.Routes = XHostNet.Routing.IpRouteJson.Parse(batch.Results[2].EnsureSuccess().StandardOutput);
            return state;
        }
    }
}
