using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using XHostNet.Execution;
using XHostNet.Linux;
using XHostNet.Ovs;
using XHostNet.Sessions;

namespace XHostNet.Lab
{
    /// <summary>What New-XHostLab made, written to NAME's directory first so Remove-XHostLab finds it even after a failed run.</summary>
    public sealed class XHostLabState
    {
        public string Name { get; set; } = "";
        public string Directory { get; set; } = "";
        public int HostCount { get; set; }
        public string Network { get; set; } = "";
        public bool Ovs { get; set; }
        public bool Docker { get; set; }

        public string HostNamespace(int n) => $"{Name}-h{n}";
        public string SwitchNamespace => Name + "-sw";
        public string HostDirectory(int n) => $"{Directory}/h{n}";
        public string HostAddress(int n) => Address(n).ToString();

        /// <summary>Host n's underlay address: the network's n-th address.</summary>
        public InterfaceAddress Address(int n)
        {
            var net = InterfaceAddress.Parse(Network);
            var bytes = net.Address.GetAddressBytes();
            var carry = n;
            for (var i = bytes.Length - 1; i >= 0 && carry > 0; i--)
            {
                var sum = bytes[i] + carry;
                bytes[i] = (byte)(sum & 0xFF);
                carry = sum >> 8;
            }
            return new InterfaceAddress(new System.Net.IPAddress(bytes), net.PrefixLength);
        }
    }

    /// <summary>
    /// Builds and removes a lab of simulated hosts on this machine: a network namespace per host, joined by a Linux
    /// bridge in a switch namespace; optionally an Open vSwitch (userspace datapath) and a dockerd of its own per host.
    /// Everything it makes is named after the lab and listed in its directory; nothing outside them changes.
    /// </summary>
    public static class XHostLabBuilder
    {
        public const string StateFile = "lab.json";

        public static async Task<IReadOnlyList<XHostSession>> CreateAsync(XHostSession local, XHostLabState lab, CancellationToken ct)
        {
            await Run(local, ct, new[] { "mkdir", "-p", lab.Directory },
                HostFile.WriteAtomically(lab.Directory + "/" + StateFile, JsonSerializer.Serialize(lab)));
            try
            {
                var sw = lab.SwitchNamespace;
                await Run(local, ct, new[] { "ip", "netns", "add", sw }, new[] { "ip", "-n", sw, "link", "set", "lo", "up" },
                    new[] { "ip", "-n", sw, "link", "add", "sw0", "type", "bridge" }, new[] { "ip", "-n", sw, "link", "set", "sw0", "up" });
                var sessions = new List<XHostSession>();
                for (var n = 1; n <= lab.HostCount; n++)
                {
                    var ns = lab.HostNamespace(n);
                    var (hostEnd, switchEnd) = ($"{lab.Name}a{n}", $"{lab.Name}b{n}");
                    await Run(local, ct,
                        new[] { "ip", "netns", "add", ns }, new[] { "ip", "-n", ns, "link", "set", "lo", "up" },
                        new[] { "ip", "link", "add", hostEnd, "type", "veth", "peer", "name", switchEnd },
                        new[] { "ip", "link", "set", hostEnd, "netns", ns }, new[] { "ip", "-n", ns, "link", "set", hostEnd, "name", "eth1" },
                        new[] { "ip", "link", "set", switchEnd, "netns", sw }, new[] { "ip", "-n", sw, "link", "set", switchEnd, "master", "sw0" },
                        new[] { "ip", "-n", sw, "link", "set", switchEnd, "up" }, new[] { "ip", "-n", ns, "link", "set", "eth1", "up" },
                        // Hosts forward, as container hosts do; the setting is the namespace's own.
                        new[] { "ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv4.ip_forward=1" });
                    var session = XHostSession.ForNetworkNamespace(ns);
                    session.SessionName = $"{lab.Name}-h{n}";
                    if (lab.Ovs) await StartOvsAsync(session, lab, n, ct);
                    else await Run(local, ct, new[] { "ip", "-n", ns, "address", "add", lab.HostAddress(n), "dev", "eth1" });
                    if (lab.Docker) await StartDockerAsync(local, session, lab, n, ct);
                    sessions.Add(session);
                }
                return sessions;
            }
            catch
            {
                await RemoveAsync(local, lab, CancellationToken.None); // a failed lab leaves nothing behind
                throw;
            }
        }

        /// <summary>
        /// Userspace tunnels need the host's underlay address on an OVS netdev bridge: eth1 goes into obrphy (keeping its
        /// MAC), and the address goes on obrphy.
        /// </summary>
        private static async Task StartOvsAsync(XHostSession session, XHostLabState lab, int n, CancellationToken ct)
        {
            session.OvsDatabase = $"unix:{lab.HostDirectory(n)}/ovs/db.sock";
            var status = await session.RunBatchAsync(OvsDaemon.StatusCommands(session), stopOnError: false, ct).ConfigureAwait(false);
            var start = OvsDaemon.PlanStart(session, OvsDaemon.ParseStatus(session, status.Results), OvsDaemon.DatabaseFileExists(status.Results));
            await start.ApplyAsync(ct).ConfigureAwait(false);
            var mac = (await session.RunAsync(new[] { "cat", "/sys/class/net/eth1/address" }, ct).ConfigureAwait(false)).EnsureSuccess().StandardOutput.Trim();
            (await session.RunBatchAsync(new[]
            {
                OvsVsctl.Command(session, "--may-exist", "add-br", "obrphy", "--", "set", "Bridge", "obrphy", "datapath_type=netdev", "other_config:hwaddr=" + mac,
                    "--", "--may-exist", "add-port", "obrphy", "eth1"),
                new[] { "ip", "link", "set", "dev", "obrphy", "up" },
                new[] { "ip", "address", "add", lab.HostAddress(n), "dev", "obrphy" },
                new[] { "sysctl", "-qw", "net.ipv4.conf.eth1.rp_filter=1" },
            }, stopOnError: true, ct).ConfigureAwait(false)).EnsureSuccess();
        }

        /// <summary>
        /// A dockerd of the host's own (config, data root, exec root, socket in its directory; iptables, forwarding and
        /// masquerading off; no default bridge until one is set), started in the host's network namespace but the
        /// machine's mount namespace — "ip netns exec" hides the cgroup mounts dockerd needs behind a fresh /sys. A keeper
        /// process holds that mount namespace so the restart script (the session's DockerRestartCommand) can use it too.
        /// </summary>
        private static async Task StartDockerAsync(XHostSession local, XHostSession session, XHostLabState lab, int n, CancellationToken ct)
        {
            var dir = lab.HostDirectory(n) + "/docker";
            var config = "{\n" +
                $"  \"data-root\": \"{dir}/data\",\n  \"exec-root\": \"{dir}/exec\",\n  \"pidfile\": \"{dir}/docker.pid\",\n" +
                $"  \"hosts\": [\"unix://{dir}/docker.sock\"],\n  \"iptables\": false,\n  \"ip-forward\": false,\n  \"ip-masq\": false,\n" +
                "  \"shutdown-timeout\": 1,\n  \"bridge\": \"none\"\n}\n";
            await Run(local, ct, new[] { "mkdir", "-p", dir }, HostFile.WriteAtomically(dir + "/daemon.json", config), HostFile.WriteAtomically(dir + "/restart.sh", RestartScript),
                new[] { "sh", "-c", "setsid sh -c 'echo $$ > \"$1\"; exec sleep infinity' sh \"$1/keeper.pid\" >/dev/null 2>&1 </dev/null & " +
                                    "for i in 1 2 3 4 5 6 7 8 9 10; do [ -s \"$1/keeper.pid\" ] && break; sleep 0.05; done", "sh", dir },
                new[] { "sh", dir + "/restart.sh", lab.HostNamespace(n), dir });
            session.DockerHost = $"unix://{dir}/docker.sock";
            session.DockerRestartCommand = new[] { "sh", dir + "/restart.sh", lab.HostNamespace(n), dir };
            // No registry is reachable: the image every lab host gets is made from busybox-static.
            var import = new[] { "sh", "-c", "set -e; d=$1; shift; r=\"$d/rootfs\"; mkdir -p \"$r/bin\"; cp /bin/busybox \"$r/bin/\"; " +
                                             "chroot \"$r\" /bin/busybox --install -s /bin; tar -C \"$r\" -c . | \"$@\" >/dev/null", "sh", dir }
                .Concat(XHostNet.Docker.DockerCli.Command(session, "import", "-c", "CMD [\"/bin/sh\"]", "-", "local/busybox:1")).ToArray();
            await Run(session, ct, XHostNet.Docker.DockerCli.WaitUntilAnswering(session, 30), import);
        }

        /// <summary>Stops the host's dockerd (by its pid file) and starts it again in the keeper's mount namespace; $1 the namespace, $2 the directory.</summary>
        private const string RestartScript =
            "set -e\n" +
            "ns=$1; d=$2\n" +
            "if [ -f \"$d/docker.pid\" ] && kill \"$(cat \"$d/docker.pid\")\" 2>/dev/null; then tail --pid=\"$(cat \"$d/docker.pid\")\" -f /dev/null; fi\n" +
            "for m in \"$d\"/exec/netns/*; do [ -e \"$m\" ] && umount \"$m\" 2>/dev/null; done; true\n" +
            "nsenter --net=\"/run/netns/$ns\" --mount=\"/proc/$(cat \"$d/keeper.pid\")/ns/mnt\" setsid dockerd --config-file \"$d/daemon.json\" >>\"$d/dockerd.log\" 2>&1 </dev/null &\n";

        public static async Task RemoveAsync(XHostSession local, XHostLabState lab, CancellationToken ct)
        {
            var commands = new List<IReadOnlyList<string>>();
            for (var n = 1; n <= lab.HostCount; n++)
            {
                var dir = lab.HostDirectory(n);
                if (lab.Docker)
                {
                    // Containers first (a dockerd stopping with running containers takes its shutdown timeout per container).
                    commands.Add(new[] { "sh", "-c", "ids=$(docker -H \"unix://$1/docker.sock\" ps -aq 2>/dev/null) && [ -n \"$ids\" ] && docker -H \"unix://$1/docker.sock\" rm -f $ids >/dev/null", "sh", dir + "/docker" });
                    commands.Add(new[] { "sh", "-c", "p=$(cat \"$1/docker.pid\") && kill \"$p\" && tail --pid=\"$p\" -f /dev/null; for m in \"$1\"/exec/netns/*; do [ -e \"$m\" ] && umount \"$m\"; done; true", "sh", dir + "/docker" });
                    commands.Add(new[] { "sh", "-c", "kill \"$(cat \"$1/keeper.pid\")\"", "sh", dir + "/docker" });
                }
                if (lab.Ovs)
                    foreach (var daemon in new[] { "ovs-vswitchd", "ovsdb-server" })
                        commands.Add(new[] { "sh", "-c", "p=$(cat \"$1\") && kill \"$p\" && tail --pid=\"$p\" -f /dev/null", "sh", $"{dir}/ovs/{daemon}.pid" });
                commands.Add(new[] { "ip", "netns", "delete", lab.HostNamespace(n) });
            }
            commands.Add(new[] { "ip", "netns", "delete", lab.SwitchNamespace });
            commands.Add(new[] { "rm", "-rf", lab.Directory });
            // Each step whatever the others did: remove as much as there is.
            await local.RunBatchAsync(commands, stopOnError: false, ct, TimeSpan.FromSeconds(120)).ConfigureAwait(false);
        }

        private static async Task Run(XHostSession session, CancellationToken ct, params IReadOnlyList<string>[] commands) =>
            (await session.RunBatchAsync(commands, stopOnError: true, ct, TimeSpan.FromSeconds(120)).ConfigureAwait(false)).EnsureSuccess();
    }
}
