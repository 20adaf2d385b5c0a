using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using XHostNet.Execution;
using XHostNet.Linux;
using XHostNet.Routing;
using XHostNet.Sessions;

namespace XHostNet.Persistence
{
    /// <summary>
    /// Reads, in one round trip, what deciding and writing a bridge's boot configuration needs: which formats the host
    /// uses and the files of all three (so a format can be detected, a file XHostNet wrote earlier in any of them found,
    /// and a backup restored), optionally with the live links and routes. A caller that has its own read batch (the
    /// whole-network commands) appends <see cref="Commands"/> to it and gives their results to <see cref="Parse"/>.
    /// </summary>
    public static class BridgeConfigReader
    {
        // $1 directory, then glob patterns: for each regular file that matches, "F <name base64> <content base64>";
        // for anything else of that name, "N <name base64>". Names travel in base64 too, so no name can break a line.
        private const string DumpScript =
            "d=$1; shift; cd -- \"$d\" 2>/dev/null || exit 0; for p in \"$@\"; do for f in $p; do " +
            "if [ -f \"$f\" ]; then printf 'F '; printf %s \"$f\" | base64 | tr -d '\\n'; printf ' '; base64 <\"$f\" | tr -d '\\n'; echo; " +
            "elif [ -e \"$f\" ] || [ -L \"$f\" ]; then printf 'N '; printf %s \"$f\" | base64 | tr -d '\\n'; echo; fi; done; done";

        private const string AnyScript = "for f in \"$1\"/$2; do if [ -e \"$f\" ] || [ -L \"$f\" ]; then exit 0; fi; done; exit 1";

        /// <summary>The read commands; with <paramref name="live"/> also the links and the IPv4 and IPv6 main routing tables.</summary>
        public static IReadOnlyList<IReadOnlyList<string>> Commands(string root, bool live)
        {
            string P(string hostPath) => BridgeConfigPaths.Under(root, hostPath);
            var commands = new List<IReadOnlyList<string>>
            {
                new[] { "test", "-d", P(BridgeConfigPaths.NetworkScripts) },
                new[] { "sh", "-c", "[ -e \"$1/sbin/ifup\" ] || [ -e \"$1/usr/sbin/ifup\" ]", "sh", root.TrimEnd('/') },
                new[] { "sh", "-c", AnyScript, "sh", P("/etc/systemd/system"), "*.wants/systemd-networkd.service" },
                new[] { "sh", "-c", AnyScript, "sh", P("/etc/netplan"), "*.yaml" },
                new[] { "sh", "-c", "if [ -e \"$1\" ] && [ ! -f \"$1\" ]; then echo \"xhostnet: $1 is not a regular file\" >&2; exit 76; fi; [ -e \"$1\" ] || exit 3; exec cat -- \"$1\"", "sh", P(BridgeConfigPaths.Interfaces) },
                new[] { "sh", "-c", DumpScript, "sh", P(BridgeConfigPaths.NetworkScripts), "ifcfg-*", "route-*", "route6-*" },
                new[] { "sh", "-c", DumpScript, "sh", P(BridgeConfigPaths.InterfacesDirectory), "*" },
                new[] { "sh", "-c", DumpScript, "sh", P(BridgeConfigPaths.Networkd), "*.network", "*.netdev", "*xhostnet*" },
            };
            if (live)
            {
                commands.Add(IpJson.ShowLinksCommand);
                commands.Add(IpRouteJson.ShowCommand(ipv6: false));
                commands.Add(IpRouteJson.ShowCommand(ipv6: true));
            }
            return commands;
        }

        public static async Task<BridgeConfigState> ReadAsync(XHostSession session, string root, bool live, CancellationToken cancellationToken)
        {
            var batch = await session.RunBatchAsync(Commands(root, live), stopOnError: false, cancellationToken).ConfigureAwait(false);
            if (batch.NotRun.Count > 0)
            {
                var last = batch.Results.LastOrDefault();
                throw new XHostException(last?.TimedOut == true ? XHostErrorKind.Unavailable : XHostErrorKind.Failed, ErrorIds.HostCommandFailed,
                    $"Reading the network configuration on host '{session.Host}' did not finish" + (last is null ? "." : $": '{last.CommandLine}' ended the batch (exit {last.ExitCode})."));
            }
            return Parse(session, root, batch.Results);
        }

        /// <summary>The state from the results of <see cref="Commands"/> (in order; the live ones only if they were asked for).</summary>
        public static BridgeConfigState Parse(XHostSession session, string root, IReadOnlyList<CommandResult> r)
        {
            var state = new BridgeConfigState(session, root)
            {
                NetworkScriptsDirectory = r[0].Succeeded,
                IfupInstalled = r[1].Succeeded,
                NetworkdEnabled = r[2].Succeeded,
                Netplan = r[3].Succeeded,
            };
            var interfaces = r[4];
            var interfacesPath = state.PathOf(BridgeConfigPaths.Interfaces);
            if (interfaces.Succeeded)
            {
                state.Interfaces = interfaces.StandardOutput;
                state.Files[interfacesPath] = interfaces.StandardOutput;
            }
            else if (interfaces.ExitCode == HostFile.NotRegularExitCode) state.Files[interfacesPath] = null;
            else if (interfaces.ExitCode != 3) throw new HostCommandException(interfaces);
            ReadDump(state, BridgeConfigPaths.NetworkScripts, r[5]);
            ReadDump(state, BridgeConfigPaths.InterfacesDirectory, r[6]);
            ReadDump(state, BridgeConfigPaths.Networkd, r[7]);
            if (r.Count > 8)
            {
                state.Links = IpJson.ParseLinks(r[8].EnsureSuccess().StandardOutput);
                state.Routes = IpRouteJson.Parse(r[9].EnsureSuccess().StandardOutput).Concat(r[10].Succeeded ? IpRouteJson.Parse(r[10].StandardOutput) : Array.Empty<IpRoute>()).ToList();
            }
            return state;
        }

        private static void ReadDump(BridgeConfigState state, string directory, CommandResult result)
        {
            var dir = state.PathOf(directory);
            foreach (var line in result.EnsureSuccess().StandardOutput.Split('\n').Where(l => l.Length > 0))
            {
                var parts = line.Split(' ');
                try
                {
                    var name = Decode(parts[1]);
                    state.Files[dir + "/" + name] = parts[0] == "F" ? Decode(parts.Length > 2 ? parts[2] : "") : null;
                }
                catch (Exception e) when (e is FormatException || e is IndexOutOfRangeException)
                {
                    throw new XHostException(XHostErrorKind.Failed, ErrorIds.ToolOutputUnreadable,
                        $"Listing {dir} on host '{state.Session.Host}' printed a line XHostNet cannot read ({HostCommandException.Shorten(line, 80)}).");
                }
            }
        }

        private static string Decode(string base64) => new UTF8Encoding(false).GetString(Convert.FromBase64String(base64));

        /// <summary>
        /// The bridge as it is now, as a spec to persist: its ports, configured addresses, MTU, the default gateways and
        /// the static routes through it. Warns about ports that a reboot removes whatever the configuration says.
        /// </summary>
        public static BridgeConfigSpec LiveSpec(BridgeConfigState state, string bridge, ICollection<string> warnings)
        {
            var links = Links(state);
            var link = links.FirstOrDefault(l => l.Name == bridge) ?? throw new XHostException(XHostErrorKind.NotFound, ErrorIds.LinuxBridgeNotFound,
                $"There is no bridge '{bridge}' on host '{state.Session.Host}'.");
            if (link.Kind != "bridge")
                throw new XHostException(XHostErrorKind.Conflict, ErrorIds.InterfaceNotABridge, $"'{bridge}' on host '{state.Session.Host}' is a {(link.Kind.Length == 0 ? "device" : link.Kind)}, not a Linux bridge.");
            var ports = links.Where(l => l.Master == bridge).OrderBy(l => l.Name, StringComparer.Ordinal).ToList();
            return Spec(state, bridge, link, ports, link.Mtu, warnings);
        }

        /// <summary>
        /// The bridge a NIC's address is about to move to (SharedLan), as a spec to persist before the move: the NIC's
        /// configured addresses, default gateways and static routes become the bridge's, the NIC its first port. Once
        /// the NIC is a port of the bridge (moved already) they are the bridge's, and are taken from there.
        /// </summary>
        public static BridgeConfigSpec MovedSpec(BridgeConfigState state, string bridge, string nic, IEnumerable<string> otherPorts, int? mtu,
            ICollection<string> warnings)
        {
            var links = Links(state);
            var link = links.FirstOrDefault(l => l.Name == nic) ?? throw new XHostException(XHostErrorKind.NotFound, ErrorIds.InterfaceNotFound,
                $"There is no interface '{nic}' on host '{state.Session.Host}'.");
            var names = new[] { nic }.Concat(otherPorts.Where(p => p != nic)).ToList();
            var ports = names.Select(n => links.FirstOrDefault(l => l.Name == n) ?? new IpLink { Name = n }).ToList();
            var from = link.Master == bridge ? links.FirstOrDefault(l => l.Name == bridge) ?? link : link;
            return Spec(state, bridge, from, ports, mtu ?? link.Mtu, warnings);
        }

        private static IReadOnlyList<IpLink> Links(BridgeConfigState state) =>
            state.Links ?? throw new InvalidOperationException("The state was read without the live links.");

        // The addresses, gateways and routes of `from` (the bridge itself, or the NIC whose address moves to it).
        private static BridgeConfigSpec Spec(BridgeConfigState state, string bridge, IpLink from, IReadOnlyList<IpLink> ports, int mtu, ICollection<string> warnings)
        {
            foreach (var port in ports.Where(p => p.Kind.Length > 0 && p.Kind != "openvswitch"))
            {
                warnings.Add($"The port {port.Name} of {bridge} on host '{state.Session.Host}' is a {port.Kind} device made at run time: the configuration makes it " +
                             $"a port of {bridge} again at boot, but only once something else has made {port.Name} again.");
            }
            var routes = (state.Routes ?? Array.Empty<IpRoute>()).Where(r => r.Device == from.Name && r.Type == "unicast").ToList();
            // Only routes someone added: the kernel's own (proto kernel, the prefix of each address) come back with the addresses.
            var added = routes.Where(r => r.Protocol != "kernel" && r.Protocol != "ra" && !(r.Destination.IsIPv6 && r.Destination.Address.IsIPv6LinkLocal)).ToList();
            return new BridgeConfigSpec
            {
                Bridge = bridge,
                Ports = ports.Select(p => p.Name).ToList(),
                Addresses = from.Addresses.Where(a => a.IsConfigured).Select(a => a.Address).ToList(),
                Mtu = mtu,
                Gateway = added.FirstOrDefault(r => r.Destination.PrefixLength == 0 && !r.Destination.IsIPv6)?.Gateway,
                Gateway6 = added.FirstOrDefault(r => r.Destination.PrefixLength == 0 && r.Destination.IsIPv6)?.Gateway,
                Routes = added.Where(r => r.Destination.PrefixLength > 0).Select(r => new BridgeConfigRoute(r.Destination, r.Gateway)).ToList(),
            };
        }
    }
}
