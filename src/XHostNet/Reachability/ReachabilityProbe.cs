using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using XHostNet.Docker;
using XHostNet.Routing;
using XHostNet.Sessions;

namespace XHostNet.Reachability
{
    /// <summary>Runs one pair: ping (and nc -z) from the source, and the route lookups that say which way the packets go.</summary>
    public static class ReachabilityProbe
    {
        public static IReadOnlyList<string> PingArguments(ReachabilityOptions o, string address, bool busybox)
        {
            var argv = new List<string> { "ping", "-c", Invariant(o.Count), "-W", Invariant(o.TimeoutSeconds),
                "-i", o.IntervalSeconds.ToString("0.###", CultureInfo.InvariantCulture) };
            if (!busybox) argv.Add("-n"); // BusyBox's ping prints numbers anyway and has no -n
            if (o.Size is int size) argv.AddRange(new[] { "-s", Invariant(size) });
            if (o.DontFragment) argv.AddRange(new[] { "-M", "do" });
            if (o.SourceAddress != null) argv.AddRange(new[] { "-I", o.SourceAddress });
            argv.Add(address);
            return argv;
        }

        public static async Task<ReachabilityResult> RunAsync(ReachabilitySource source, ReachabilityTarget target, ReachabilityOptions options,
            Func<ReachabilitySource, CancellationToken, Task<ContainerState>> containerOf, IReadOnlyList<XHostSession> knownHosts, CancellationToken ct)
        {
            var session = source.Session;
            var result = new ReachabilityResult { Source = source.Label, Target = target.Label, TargetAddress = target.Address, TcpPort = options.TcpPort, Session = session };
            ContainerState? container = source.Container is null ? null : await containerOf(source, ct).ConfigureAwait(false);

            // The container's own ping, as docker exec would run it but entered with nsenter, so that it is a process of
            // this command on the host and stops with it (a docker exec'd process outlives its killed client); the
            // host's ping inside the container's network namespace when don't-fragment is asked (BusyBox's ping has
            // no -M) or the image has no ping.
            IReadOnlyList<string> NsEnter(IReadOnlyList<string> argv) => container!.InContainer(argv.ToArray());
            var commands = new List<IReadOnlyList<string>>();
            if (container is null)
            {
                result.Method = "host";
                commands.Add(PingArguments(options, target.Address, busybox: false));
            }
            else if (options.DontFragment)
            {
                result.Method = "nsenter";
                commands.Add(NsEnter(PingArguments(options, target.Address, busybox: false)));
            }
            else
            {
                result.Method = "container";
                commands.Add(container.InWholeContainer(PingArguments(options, target.Address, busybox: true).ToArray()));
            }
            if (options.TcpPort is int port)
            {
                var nc = new[] { "nc", "-z", "-w", Invariant(options.TimeoutSeconds), target.Address, Invariant(port) };
                commands.Add(container is null ? nc : NsEnter(nc));
            }
            if (container != null)
            {
                commands.Add(NsEnter(new[] { "ip", "-j", "neigh", "show" })); // after the ping: the next hop is resolved by then
                commands.Add(NsEnter(new[] { "ip", "-j", "route", "get", target.Address }));
            }

            var batch = await session.RunBatchAsync(commands, stopOnError: false, ct).ConfigureAwait(false);
            var ping = batch.Results[0];
            if (result.Method == "container" && (ping.ExitCode == 126 || ping.ExitCode == 127))
            {
                result.Method = "nsenter";
                ping = await session.RunAsync(NsEnter(PingArguments(options, target.Address, busybox: false)), ct).ConfigureAwait(false);
            }
            var summary = PingOutput.Parse(ping.StandardOutput);
            result.Sent = summary.Parsed ? summary.Sent : options.Count;
            result.Received = summary.Received;
            result.RttMinMs = summary.RttMin;
            result.RttAvgMs = summary.RttAvg;
            result.RttMaxMs = summary.RttMax;
            result.Error = PingOutput.FailureReason(summary, ping.StandardOutput, ping.StandardError, ping.ExitCode, options.TimeoutSeconds);
            if (options.TcpPort != null)
            {
                var tcp = batch.Results[1];
                if (tcp.ExitCode == 127) result.Error = (result.Error + " nc is not installed on the host (netcat-openbsd), so the TCP port was not checked.").Trim();
                else result.TcpOpen = tcp.Succeeded;
            }

            // The path. A container's own route only says "eth0, via the host's bridge address": the packets' way on is
            // the host's decision, so it is followed onto the host (a Docker container's, or the host at the other end of
            // a stand-in container namespace's veth) and judged as the host rows are.
            if (!IPAddress.TryParse(target.Address, out var address)) return result;
            if (container != null)
            {
                var get = batch.Results[batch.Results.Count - 1];
                var route = get.Succeeded ? IpRouteJson.Parse(get.StandardOutput).FirstOrDefault() : null;
                result.Interface = route?.Device;
                result.Gateway = route?.Gateway?.ToString();
                var link = container.Interfaces().FirstOrDefault(i => i.Name == route?.Device);
                var ingress = link?.Bridge ?? link?.HostInterface;
                var neighbours = batch.Results[batch.Results.Count - 2];
                var mac = route != null && neighbours.Succeeded ? ContainerHop.NextHopMac(neighbours.StandardOutput, route, address) : null;
                if (route != null && ingress != null)
                    (result.Path, result.Via) = await ContainerHop.FollowAsync(session, ingress, route, mac, address, ct).ConfigureAwait(false);
                else result.Via = route?.Device;
                return result;
            }
            var (paths, _) = await RouteLookup.FindAsync(session, new[] { address }, ct).ConfigureAwait(false);
            if (!(paths[0].Path is RoutePath path)) return result;
            result.Interface = path.Interface;
            result.Gateway = path.Gateway;
            (result.Path, result.Via) = (path.Path, path.Via);
            if (path.Path != RoutePathKind.Local && path.Interface != null &&
                await ContainerHop.FindHostAsync(session, path.Interface, knownHosts, ct).ConfigureAwait(false) is (XHostSession host, string hostIngress, string hostNeighbours))
            {
                var own = new IpRoute
                {
                    Device = path.Interface,
                    Gateway = path.Gateway is null ? null : IPAddress.Parse(path.Gateway),
                    PreferredSource = path.SourceAddress is null ? null : IPAddress.Parse(path.SourceAddress),
                };
                (result.Path, result.Via) = await ContainerHop.FollowAsync(host, hostIngress, own, ContainerHop.NextHopMac(hostNeighbours, own, address), address, ct)
                    .ConfigureAwait(false);
            }
            return result;
        }

        private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
