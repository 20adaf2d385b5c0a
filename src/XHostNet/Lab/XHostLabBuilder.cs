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
    /// <summary>
    /// Builds and removes a lab of simulated hosts on this machine: a network namespace per host, joined by a Linux
    /// bridge in a switch namespace; optionally an Open vSwitch (userspace datapath) and a dockerd of its own per host.
    /// Everything it makes is named after the lab and listed in its directory; nothing outside them changes.
    /// </summary>
    public static class XHostLabBuilder
    {
        public const string StateFile = "lab.json";

        /// <summary>Where every lab's name is claimed: its directory, or a symbolic link to a -Directory elsewhere.</summary>
        public const string LabsDirectory = "/run/xhostnet/labs";

        public static string ClaimPath(string name) => LabsDirectory + "/" + name;

        public static async Task<IReadOnlyList<XHostSession>> CreateAsync(XHostSession local, XHostLabState lab, CancellationToken ct)
        {
            var made = new XHostLabMade();
            await ClaimAsync(local, lab, made, ct).ConfigureAwait(false);
            var sessions = new List<XHostSession>();
            try
            {
                await RefuseExistingPartsAsync(local, lab, ct).ConfigureAwait(false);
                if (lab.Ssh || lab.Etcd)
                {
                    // One choice for all management links, so the sshd links and etcd's never take one /30 twice.
                    var chosen = await ChooseManagementAddressesAsync(local, lab, (lab.Ssh ? lab.HostCount : 0) + (lab.Etcd ? 1 : 0), ct).ConfigureAwait(false);
                    if (lab.Ssh) lab.SshAddresses = chosen.Take(lab.HostCount).ToList();
                    if (lab.Etcd) lab.EtcdAddress = chosen[chosen.Count - 1];
                }
                await Run(local, ct, HostFile.WriteAtomically(lab.Directory + "/" + StateFile, JsonSerializer.Serialize(lab)));
                var sw = lab.SwitchNamespace;
                await Make(local, made, ct, new[] { "ip", "netns", "add", sw }, new[] { "ip", "-n", sw, "link", "set", "lo", "up" },
                    new[] { "ip", "-n", sw, "link", "add", "sw0", "type", "bridge" }, new[] { "ip", "-n", sw, "link", "set", "sw0", "up" });
                if (lab.Etcd) await StartEtcdAsync(local, lab, made, ct).ConfigureAwait(false);
                if (lab.Ssh) await CreateClientKeyAsync(local, lab, ct).ConfigureAwait(false);
                for (var n = 1; n <= lab.HostCount; n++)
                {
                    var ns = lab.HostNamespace(n);
                    var (hostEnd, switchEnd) = ($"{lab.Name}a{n}", $"{lab.Name}b{n}");
                    await Make(local, made, ct,
                        new[] { "ip", "netns", "add", ns }, new[] { "ip", "-n", ns, "link", "set", "lo", "up" },
                        new[] { "ip", "link", "add", hostEnd, "type", "veth", "peer", "name", switchEnd },
                        new[] { "ip", "link", "set", hostEnd, "netns", ns }, new[] { "ip", "-n", ns, "link", "set", hostEnd, "name", "eth1" },
                        new[] { "ip", "link", "set", switchEnd, "netns", sw }, new[] { "ip", "-n", sw, "link", "set", switchEnd, "master", "sw0" },
                        new[] { "ip", "-n", sw, "link", "set", switchEnd, "up" }, new[] { "ip", "-n", ns, "link", "set", "eth1", "up" },
                        // Hosts forward, as container hosts do; the setting is the namespace's own.
                        new[] { "ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv4.ip_forward=1" });
                    var session = XHostSession.ForNetworkNamespace(ns);
                    if (lab.Ovs) await StartOvsAsync(session, lab, n, ct);
                    else await Run(local, ct, new[] { "ip", "-n", ns, "address", "add", lab.HostAddress(n), "dev", "eth1" });
                    if (lab.ContainerSubnets.Count > 0) await Make(local, made, ct, ContainerNamespaceCommands(lab, n));
                    if (lab.Docker) await StartDockerAsync(local, session, lab, n, ct);
                    if (lab.Ssh) session = await StartSshAsync(local, session, lab, n, made, ct).ConfigureAwait(false);
                    session.SessionName = $"{lab.Name}-h{n}";
                    sessions.Add(session);
                }
                if (lab.Etcd) await Run(local, ct, WaitForEtcd(lab)).ConfigureAwait(false);
                return sessions;
            }
            catch (Exception failure)
            {
                foreach (var session in sessions) session.Dispose();
                // A failed lab leaves nothing behind, and takes nothing that this call did not make.
                var left = await RemoveAsync(local, lab, made, CancellationToken.None).ConfigureAwait(false);
                if (left.Count == 0) throw;
                throw new XHostException(XHostErrorKind.Failed, ErrorIds.LabPartNotRemoved,
                    $"{failure.Message.TrimEnd('.')}. Removing what this call made left: {string.Join("; ", left)}");
            }
        }

        /// <summary>
        /// Claims the lab's name before anything is made: mkdir of its directory (or ln -s of the claim to a -Directory
        /// elsewhere) is atomic, so of two calls with one name exactly one goes on; a used name changes nothing.
        /// </summary>
        private static async Task ClaimAsync(XHostSession local, XHostLabState lab, XHostLabMade made, CancellationToken ct)
        {
            var claim = ClaimPath(lab.Name);
            await Run(local, ct, new[] { "mkdir", "-p", LabsDirectory }).ConfigureAwait(false);
            var own = lab.Directory == claim;
            var result = await local.RunAsync(own ? new[] { "mkdir", claim } : new[] { "ln", "-s", lab.Directory, claim }, ct).ConfigureAwait(false);
            if (!result.Succeeded && result.StandardError.Contains("File exists"))
                throw LabExists(lab, $"{claim} exists");
            result.EnsureSuccess();
            made.Claim = claim;
            if (own) return;
            // A -Directory elsewhere: ours only when no other lab keeps its state there.
            var dir = await local.RunAsync(new[] { "sh", "-c", "[ ! -e \"$1/" + StateFile + "\" ] && mkdir -p \"$1\"", "sh", lab.Directory }, ct).ConfigureAwait(false);
            if (!dir.Succeeded)
            {
                await local.RunAsync(new[] { "rm", "-f", claim }, CancellationToken.None).ConfigureAwait(false);
                made.Claim = null;
                if (dir.StandardError.Trim().Length == 0) throw LabExists(lab, $"{lab.Directory}/{StateFile} exists");
                dir.EnsureSuccess();
            }
        }

        /// <summary>A name whose namespaces or links exist (a lab whose directory is gone) is in use too.</summary>
        private static async Task RefuseExistingPartsAsync(XHostSession local, XHostLabState lab, CancellationToken ct)
        {
            var found = await ExistingPartsAsync(local, lab.Name, ct).ConfigureAwait(false);
            if (found.Count > 0) throw LabExists(lab, "these of its parts exist: " + string.Join(", ", found));
        }

        /// <summary>The namespaces (NAME-sw, NAME-hN, NAME-cN) and this machine's links (NAME + a letter + N) named after a lab.</summary>
        public static async Task<IReadOnlyList<string>> ExistingPartsAsync(XHostSession local, string name, CancellationToken ct)
        {
            var batch = (await local.RunBatchAsync(new[] { new[] { "ip", "-j", "netns", "list" }, new[] { "ip", "-j", "link", "show" } }, stopOnError: false, ct)
                .ConfigureAwait(false)).EnsureSuccess();
            var namespaces = JsonArrayNames(batch.Results[0].StandardOutput, "name");
            var links = JsonArrayNames(batch.Results[1].StandardOutput, "ifname");
            var nsPattern = new System.Text.RegularExpressions.Regex("^" + name + @"-(sw|[hc]\d+)\z");
            var linkPattern = new System.Text.RegularExpressions.Regex("^" + name + @"[a-z]\d+\z");
            return namespaces.Where(n => nsPattern.IsMatch(n)).Select(n => "namespace " + n)
                .Concat(links.Where(l => linkPattern.IsMatch(l)).Select(l => "link " + l)).ToList();
        }

        internal static IEnumerable<string> JsonArrayNames(string json, string property)
        {
            if (json.Trim().Length == 0) return Array.Empty<string>();
            return JsonDocument.Parse(json).RootElement.EnumerateArray()
                .Select(e => e.TryGetProperty(property, out var v) ? v.GetString() ?? "" : "").Where(v => v.Length > 0).ToList();
        }

        private static XHostException LabExists(XHostLabState lab, string why) =>
            new XHostException(XHostErrorKind.Conflict, ErrorIds.LabExists,
                $"A lab named '{lab.Name}' already exists on this machine ({why}). Nothing was changed. Choose another -Name, or remove it first: Remove-XHostLab {lab.Name}.");

        /// <summary>
        /// A stand-in container for host n: namespace NAME-cN whose eth0 has the 2nd address of the host's container
        /// subnet and a default route to the 1st (the address a runbook puts on the host's bridge). Its other end is
        /// the host's ctr0, up and on no bridge yet: attaching it is the runbook's job.
        /// </summary>
        private static IReadOnlyList<string>[] ContainerNamespaceCommands(XHostLabState lab, int n)
        {
            var subnet = InterfaceAddress.Parse(lab.ContainerSubnets[n - 1]);
            var (ns, container) = (lab.HostNamespace(n), lab.ContainerNamespace(n));
            var (hostEnd, containerEnd) = ($"{lab.Name}c{n}", $"{lab.Name}d{n}");
            var mtu = lab.ContainerMtu.ToString(CultureInfo.InvariantCulture);
            return new IReadOnlyList<string>[]
            {
                new[] { "ip", "netns", "add", container }, new[] { "ip", "-n", container, "link", "set", "lo", "up" },
                new[] { "ip", "link", "add", hostEnd, "mtu", mtu, "type", "veth", "peer", "name", containerEnd, "mtu", mtu },
                new[] { "ip", "link", "set", hostEnd, "netns", ns }, new[] { "ip", "-n", ns, "link", "set", hostEnd, "name", "ctr0" },
                new[] { "ip", "-n", ns, "link", "set", "ctr0", "up" },
                new[] { "ip", "link", "set", containerEnd, "netns", container }, new[] { "ip", "-n", container, "link", "set", containerEnd, "name", "eth0" },
                new[] { "ip", "-n", container, "address", "add", subnet.Plus(2).ToString(), "dev", "eth0" },
                new[] { "ip", "-n", container, "link", "set", "eth0", "up" },
                new[] { "ip", "-n", container, "route", "add", "default", "via", subnet.Plus(1).Address.ToString() },
            };
        }

        /// <summary>
        /// <paramref name="count"/> /30s from the lab's management network (10.206.0.0/16 unless -ManagementNetwork says
        /// otherwise) for the management links from this machine (a host's sshd, or the lab's etcd, listens on the far end,
        /// the /30's 2nd address, which is returned). The search starts at a place the lab's name picks and skips every
        /// /30 this machine already has an address in, so labs side by side do not collide.
        /// </summary>
        private static async Task<List<string>> ChooseManagementAddressesAsync(XHostSession local, XHostLabState lab, int count, CancellationToken ct)
        {
            var network = InterfaceAddress.Parse(lab.ManagementNetwork).Network;
            var first = ToNumber(network.Address);
            var blocks = 1L << (30 - network.PrefixLength);
            var json = (await local.RunAsync(new[] { "ip", "-j", "-4", "address", "show" }, ct).ConfigureAwait(false)).EnsureSuccess().StandardOutput;
            var used = new HashSet<long>();
            foreach (var link in JsonDocument.Parse(json).RootElement.EnumerateArray())
                if (link.TryGetProperty("addr_info", out var infos))
                    foreach (var info in infos.EnumerateArray())
                    {
                        var address = System.Net.IPAddress.Parse(info.GetProperty("local").GetString()!);
                        if (network.Contains(address)) used.Add((ToNumber(address) - first) >> 2);
                    }
            var block = Fnv(lab.Name) % blocks;
            var chosen = new List<string>();
            for (var tries = 0L; chosen.Count < count; tries++, block = (block + 1) % blocks)
            {
                if (tries == blocks)
                    throw new XHostException(XHostErrorKind.Conflict, ErrorIds.LabNoManagementAddress,
                        $"Not enough free /30s are left in {network} for the lab's {count} management links; give -ManagementNetwork another network.");
                if (used.Contains(block)) continue;
                chosen.Add(FromNumber(first + (block << 2) + 2).ToString());
            }
            return chosen;
        }

        private static long ToNumber(System.Net.IPAddress address)
        {
            var b = address.GetAddressBytes();
            return ((long)b[0] << 24) | ((long)b[1] << 16) | ((long)b[2] << 8) | b[3];
        }

        private static System.Net.IPAddress FromNumber(long n) =>
            new System.Net.IPAddress(new[] { (byte)(n >> 24), (byte)(n >> 16), (byte)(n >> 8), (byte)n });

        private static uint Fnv(string text)
        {
            var hash = 2166136261;
            foreach (var c in text) hash = (hash ^ c) * 16777619;
            return hash;
        }

        /// <summary>The key the lab's sessions log in with, and the authorized_keys every host's sshd reads.</summary>
        private static Task CreateClientKeyAsync(XHostSession local, XHostLabState lab, CancellationToken ct)
        {
            var dir = lab.Directory + "/ssh";
            return Run(local, ct, new[] { "mkdir", "-p", dir },
                new[] { "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "xhostnet-lab-" + lab.Name, "-f", dir + "/id_ed25519" },
                new[] { "cp", dir + "/id_ed25519.pub", dir + "/authorized_keys" });
        }

        /// <summary>
        /// An sshd of host n's own: a host key made for it, listening on the host's end of a management link from this
        /// machine, root by key only. It runs in a mount namespace of its own with an empty tmpfs over /root, so a
        /// login does not run this machine's root shell start-up files. Returns the SSH session to it, host key pinned.
        /// </summary>
        private static async Task<XHostSession> StartSshAsync(XHostSession local, XHostSession session, XHostLabState lab, int n, XHostLabMade made, CancellationToken ct)
        {
            var dir = lab.HostDirectory(n) + "/ssh";
            var ns = lab.HostNamespace(n);
            var address = System.Net.IPAddress.Parse(lab.SshAddresses[n - 1]);
            var outer = new InterfaceAddress(address, 30).Network.Plus(1);
            var (machineEnd, hostEnd) = ($"{lab.Name}m{n}", $"{lab.Name}n{n}");
            var config = $"ListenAddress {address}\nPort 22\nHostKey {dir}/host_ed25519\nAuthorizedKeysFile {lab.Directory}/ssh/authorized_keys\n" +
                         $"PidFile {dir}/sshd.pid\nAllowUsers root\nPermitRootLogin prohibit-password\nPasswordAuthentication no\n" +
                         "KbdInteractiveAuthentication no\nUsePAM no\nStrictModes no\n";
            await Make(local, made, ct,
                new[] { "ip", "link", "add", machineEnd, "type", "veth", "peer", "name", hostEnd },
                new[] { "ip", "link", "set", hostEnd, "netns", ns }, new[] { "ip", "-n", ns, "link", "set", hostEnd, "name", "mgmt0" },
                new[] { "ip", "-n", ns, "address", "add", address + "/30", "dev", "mgmt0" }, new[] { "ip", "-n", ns, "link", "set", "mgmt0", "up" },
                new[] { "ip", "address", "add", outer.ToString(), "dev", machineEnd }, new[] { "ip", "link", "set", machineEnd, "up" },
                new[] { "mkdir", "-p", dir, "/run/sshd" },
                new[] { "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", ns, "-f", dir + "/host_ed25519" },
                HostFile.WriteAtomically(dir + "/sshd_config", config),
                // sshd forks into the background once it listens; the mount namespace lives as long as it does.
                new[] { "ip", "netns", "exec", ns, "unshare", "--mount", "--propagation", "private", "sh", "-c",
                        "mount -t tmpfs tmpfs /root && exec \"$(command -v sshd || echo /usr/sbin/sshd)\" -f \"$1/sshd_config\" -E \"$1/sshd.log\"", "sh", dir });
            var print = (await local.RunAsync(new[] { "ssh-keygen", "-l", "-E", "sha256", "-f", dir + "/host_ed25519.pub" }, ct).ConfigureAwait(false)).EnsureSuccess();
            var settings = new SshConnectionSettings
            {
                HostName = address.ToString(), UserName = "root", KeyFiles = { lab.Directory + "/ssh/id_ed25519" },
                HostKeyFingerprint = print.StandardOutput.Split(' ')[1], ConnectTimeout = TimeSpan.FromSeconds(5),
            };
            var ssh = await XHostSession.ConnectSshAsync(settings, ct).ConfigureAwait(false);
            ssh.OvsDatabase = session.OvsDatabase;
            ssh.DockerHost = session.DockerHost;
            ssh.DockerRestartCommand = session.DockerRestartCommand;
            session.Dispose();
            return ssh;
        }

        /// <summary>
        /// An etcd of the lab's own, a single member in the switch namespace: it serves clients on the switch's underlay
        /// address (where the hosts reach it), on the switch's end (mgmt0) of a management link from this machine (NAMEe0,
        /// where this machine reaches it) and on loopback, and its peer on loopback only. Data, log and pid file are in
        /// DIRECTORY/etcd, so its command line names the lab's directory (the "ours" check that Remove-XHostLab and
        /// Get-XHostLab make). Started detached; the lab waits for it to answer once the hosts are made, which overlaps
        /// its start-up with theirs.
        /// </summary>
        private static async Task StartEtcdAsync(XHostSession local, XHostLabState lab, XHostLabMade made, CancellationToken ct)
        {
            var (sw, dir) = (lab.SwitchNamespace, lab.EtcdDirectory);
            var address = System.Net.IPAddress.Parse(lab.EtcdAddress);
            var outer = new InterfaceAddress(address, 30).Network.Plus(1);
            var underlay = lab.EtcdUnderlayAddress();
            var (machineEnd, switchEnd) = ($"{lab.Name}e0", $"{lab.Name}f0");
            await Make(local, made, ct,
                // An IPv6 address is usable only after duplicate address detection; etcd could not bind to it before.
                new[] { "ip", "-n", sw, "address", "add", underlay.ToString(), "dev", "sw0" }.Concat(underlay.IsIPv6 ? new[] { "nodad" } : Array.Empty<string>()).ToArray(),
                new[] { "ip", "link", "add", machineEnd, "type", "veth", "peer", "name", switchEnd },
                new[] { "ip", "link", "set", switchEnd, "netns", sw }, new[] { "ip", "-n", sw, "link", "set", switchEnd, "name", "mgmt0" },
                new[] { "ip", "-n", sw, "address", "add", address + "/30", "dev", "mgmt0" }, new[] { "ip", "-n", sw, "link", "set", "mgmt0", "up" },
                new[] { "ip", "address", "add", outer.ToString(), "dev", machineEnd }, new[] { "ip", "link", "set", machineEnd, "up" },
                // Only root reads the lab's keys, from the moment openssl writes them.
                new[] { "mkdir", "-m", "0700", dir });
            if (lab.EtcdTls) await Run(local, ct, CertificateCommands(lab, address, underlay.Address)).ConfigureAwait(false);
            var scheme = lab.EtcdTls ? "https://" : "http://";
            var clients = string.Join(",", new[] { lab.EtcdEndpoint, lab.EtcdUnderlayEndpoint, scheme + "127.0.0.1:2379" });
            var etcd = new List<string>
            {
                "etcd", "--name", lab.Name, "--data-dir", dir + "/data", "--logger", "zap", "--log-outputs", dir + "/etcd.log",
                "--listen-client-urls", clients, "--advertise-client-urls", lab.EtcdEndpoint + "," + lab.EtcdUnderlayEndpoint,
                "--listen-peer-urls", "http://127.0.0.1:2380", "--initial-advertise-peer-urls", "http://127.0.0.1:2380",
                "--initial-cluster", lab.Name + "=http://127.0.0.1:2380", "--initial-cluster-token", "xhostnet-lab-" + lab.Name,
            };
            if (lab.EtcdTls)
                etcd.AddRange(new[] { "--cert-file", dir + "/server.crt", "--key-file", dir + "/server.key", "--trusted-ca-file", lab.EtcdCa, "--client-cert-auth" });
            // The inner sh writes its PID (etcd's, after exec) to the pid file; the outer one waits for that file so that
            // a removal right after finds it.
            await Run(local, ct, new[] { "ip", "netns", "exec", sw, "sh", "-c",
                    "p=$1 l=$2; shift 2; setsid sh -c 'echo $$ >\"$0\"; exec \"$@\"' \"$p\" \"$@\" >>\"$l\" 2>&1 </dev/null & " +
                    "i=0; until [ -s \"$p\" ] || [ $i -ge 100 ]; do sleep 0.05; i=$((i+1)); done", "sh", dir + "/etcd.pid", dir + "/etcd.log" }
                .Concat(etcd).ToArray()).ConfigureAwait(false);
        }

        /// <summary>
        /// With -EtcdTls: a CA made for the lab, a server certificate it signs for every address etcd serves clients on
        /// (the management and underlay addresses, and loopback, where etcd's own JSON gateway dials it; clientAuth too,
        /// since that gateway presents it as a client), and a client certificate. Keys are PKCS#8 PEM, mode 0600.
        /// </summary>
        private static IReadOnlyList<string>[] CertificateCommands(XHostLabState lab, System.Net.IPAddress management, System.Net.IPAddress underlay)
        {
            var dir = lab.EtcdDirectory;
            IReadOnlyList<string> Signed(string name, string usage, params string[] more) =>
                new[] { "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3650", "-keyout", $"{dir}/{name}.key", "-out", $"{dir}/{name}.crt",
                        "-subj", $"/CN=xhostnet-lab-{lab.Name}-{name}", "-CA", lab.EtcdCa, "-CAkey", dir + "/ca.key",
                        "-addext", "basicConstraints=critical,CA:FALSE", "-addext", "extendedKeyUsage=" + usage }.Concat(more).ToArray();
            return new[]
            {
                new[] { "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3650", "-keyout", dir + "/ca.key", "-out", lab.EtcdCa,
                        "-subj", $"/CN=xhostnet-lab-{lab.Name}-ca" },
                Signed("server", "serverAuth,clientAuth", "-addext", $"subjectAltName=IP:{management},IP:{underlay},IP:127.0.0.1"),
                Signed("client", "clientAuth"),
                new[] { "chmod", "0600", dir + "/ca.key", dir + "/server.key", lab.EtcdKey },
            };
        }

        /// <summary>
        /// Waits until etcd answers healthy on loopback in the switch namespace: up to a minute (about 1 s on an idle
        /// machine, several on a loaded one), less when the process has ended, then fails with the end of its log.
        /// </summary>
        private static IReadOnlyList<string> WaitForEtcd(XHostLabState lab)
        {
            var tls = lab.EtcdTls ? new[] { "--cacert", lab.EtcdCa, "--cert", lab.EtcdCertificate, "--key", lab.EtcdKey } : Array.Empty<string>();
            var url = (lab.EtcdTls ? "https://" : "http://") + "127.0.0.1:2379/health";
            return new[] { "ip", "netns", "exec", lab.SwitchNamespace, "sh", "-c", Ours +
                    "url=$1 log=$2 p=$(cat \"$3\" 2>/dev/null); shift 3; i=0; " +
                    "until curl -fs --max-time 2 \"$@\" \"$url\" | grep -qF '\"health\":\"true\"'; do " +
                    "if ! alive \"$p\"; then echo \"etcd ended before it answered at $url; the end of $log:\" >&2; tail -n 5 \"$log\" >&2; exit 1; fi; " +
                    "if [ $i -ge 300 ]; then echo \"etcd did not answer at $url within 60 s; the end of $log:\" >&2; tail -n 5 \"$log\" >&2; exit 1; fi; " +
                    "sleep 0.2; i=$((i+1)); done", "sh", url, lab.EtcdDirectory + "/etcd.log", lab.EtcdDirectory + "/etcd.pid" }
                .Concat(tls).ToArray();
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
            await Run(local, ct, new[] { "mkdir", "-p", dir }, HostFile.WriteAtomically(dir + "/daemon.json", config), HostFile.WriteAtomically(dir + "/restart.sh", RestartScript(lab.DockerArguments)),
                new[] { "sh", "-c", "setsid sh -c 'echo $$ > \"$1\"; exec env XHOSTNET_LAB=\"$2/\" sleep infinity' sh \"$1/keeper.pid\" \"$1\" >/dev/null 2>&1 </dev/null & " +
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

        /// <summary>
        /// Stops the host's dockerd (by its pid file) and starts it again in the keeper's mount namespace; $1 the namespace,
        /// $2 the directory. The lab's dockerd arguments follow the config file, then the OPTIONS of $2/sysconfig when
        /// there is one, as RHEL's docker.service passes /etc/sysconfig/docker's.
        /// </summary>
        private static string RestartScript(IEnumerable<string> dockerArguments) =>
            "set -e\n" +
            "ns=$1; d=$2; OPTIONS=\n" +
            "if [ -f \"$d/sysconfig\" ]; then . \"$d/sysconfig\"; fi\n" +
            "if [ -f \"$d/docker.pid\" ] && p=$(cat \"$d/docker.pid\") && kill \"$p\" 2>/dev/null; then " + WaitGone + " fi\n" +
            "for m in \"$d\"/exec/netns/*; do [ -e \"$m\" ] && umount \"$m\" 2>/dev/null; done; true\n" +
            "nsenter --net=\"/run/netns/$ns\" --mount=\"/proc/$(cat \"$d/keeper.pid\")/ns/mnt\" setsid dockerd --config-file \"$d/daemon.json\" " +
            string.Concat(dockerArguments.Select(a => ShellQuoting.Quote(a) + " ")) + "$OPTIONS >>\"$d/dockerd.log\" 2>&1 </dev/null &\n";

        /// <summary>
        /// Waits until process $p has ended. An ended daemon counts as gone while it is still a zombie: where PID 1 is no
        /// init, nothing may reap it for seconds (tail --pid would wait that long).
        /// </summary>
        private const string WaitGone = "while s=$(ps -o stat= -p \"$p\") && [ \"${s#Z}\" = \"$s\" ]; do sleep 0.05; done;";

        /// <summary>
        /// Sh functions: alive P — process P runs (an ended one that is still a zombie counts as gone); ours P — it is alive and names the lab directory $D/ in its command line or
        /// environment (every daemon of a lab does), so a pid file that now points at another process is never obeyed.
        /// </summary>
        private const string Ours =
            "alive() { st=$(ps -o stat= -p \"$1\") && [ \"${st#Z}\" = \"$st\" ]; }; " +
            "ours() { alive \"$1\" && { tr '\\0' '\\n' <\"/proc/$1/cmdline\"; tr '\\0' '\\n' <\"/proc/$1/environ\"; } 2>/dev/null | grep -qF -- \"$D/\"; }; ";

        /// <summary>Prints, a line per pid file, the PID when that daemon runs and is the lab's, else "-".</summary>
        internal static IReadOnlyList<string> DaemonProbe(XHostLabState lab, IEnumerable<string> pidFiles) =>
            new[] { "sh", "-c", Ours + "D=$1; shift; for f; do p=$(cat \"$f\" 2>/dev/null) && ours \"$p\" && echo \"$p\" || echo -; done", "sh", lab.Directory }
                .Concat(pidFiles).ToArray();

        /// <summary>
        /// Removes a lab: its daemons (by their pid files, when the process is the lab's), namespaces, links, directory and
        /// name claim. With <paramref name="made"/> (a failed New-XHostLab) only the namespaces and links that call made.
        /// Returns what is left, each with the reason; empty when everything went.
        /// </summary>
        public static async Task<IReadOnlyList<string>> RemoveAsync(XHostSession local, XHostLabState lab, XHostLabMade? made, CancellationToken ct)
        {
            var commands = new List<IReadOnlyList<string>>();
            var pidFiles = new List<string>();
            if (lab.Etcd) pidFiles.Add(lab.EtcdDirectory + "/etcd.pid");
            for (var n = 1; n <= lab.HostCount; n++)
            {
                var dir = lab.HostDirectory(n);
                if (lab.Docker)
                {
                    // Containers first (a dockerd stopping with running containers takes its shutdown timeout per container).
                    commands.Add(new[] { "sh", "-c", "ids=$(docker -H \"unix://$1/docker.sock\" ps -aq 2>/dev/null) && [ -n \"$ids\" ] && docker -H \"unix://$1/docker.sock\" rm -f $ids >/dev/null", "sh", dir + "/docker" });
                    pidFiles.Add(dir + "/docker/docker.pid");
                    pidFiles.Add(dir + "/docker/keeper.pid");
                }
                if (lab.Ssh)
                {
                    // sshd's per-login children are ours too (they hold the namespace while they live).
                    commands.Add(new[] { "sh", "-c", Ours + "D=$2; p=$(cat \"$1\") && ours \"$p\" && c=$(ps -o pid= --ppid \"$p\") && kill $c", "sh", dir + "/ssh/sshd.pid", lab.Directory });
                    pidFiles.Add(dir + "/ssh/sshd.pid");
                }
                if (lab.Ovs) pidFiles.AddRange(new[] { dir + "/ovs/ovs-vswitchd.pid", dir + "/ovs/ovsdb-server.pid" });
            }
            // Our daemons only, by the PIDs in their own pid files: all are told to stop at once, then waited for (10 s) —
            // until the process is gone, not until it stops looking like ours (an exiting process's command line reads empty).
            // Each one that stays, or whose pid file names a process that is not the lab's, is a line "LEFT reason".
            var stop = commands.Count;
            commands.Add(new[] { "sh", "-c", Ours + "D=$1; shift; stopped=; for f; do p=$(cat \"$f\" 2>/dev/null) || continue; " +
                                             "if ours \"$p\"; then kill \"$p\" 2>/dev/null; stopped=\"$stopped $f:$p\"; " +
                                             "elif alive \"$p\"; then echo \"LEFT $f names process $p, which is not this lab's: not stopped\"; fi; done; " +
                                             "for e in $stopped; do f=${e%:*} p=${e##*:} i=0; while alive \"$p\" && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done; " +
                                             "if alive \"$p\"; then echo \"LEFT process $p ($f) still runs 10 s after SIGTERM\"; fi; done", "sh", lab.Directory }
                .Concat(pidFiles).ToArray());
            var parts = new List<(int Index, string What)>();
            for (var n = 1; n <= lab.HostCount; n++)
            {
                // A stopped dockerd leaves its namespace mount points behind, which would keep the directory.
                if (lab.Docker) commands.Add(new[] { "sh", "-c", "for m in \"$1\"/exec/netns/*; do [ -e \"$m\" ] && umount \"$m\"; done; true", "sh", lab.HostDirectory(n) + "/docker" });
                if (lab.ContainerSubnets.Count > 0) DeleteNamespace(lab.ContainerNamespace(n));
                DeleteNamespace(lab.HostNamespace(n));
                // A namespace lives on while a process is in it; deleting this end takes the pair away now.
                if (lab.Ssh && (made is null || made.Links.Contains($"{lab.Name}m{n}")))
                {
                    parts.Add((commands.Count, $"link {lab.Name}m{n}"));
                    commands.Add(new[] { "ip", "link", "delete", $"{lab.Name}m{n}" });
                }
            }
            if (lab.Etcd && (made is null || made.Links.Contains($"{lab.Name}e0")))
            {
                parts.Add((commands.Count, $"link {lab.Name}e0"));
                commands.Add(new[] { "ip", "link", "delete", $"{lab.Name}e0" });
            }
            DeleteNamespace(lab.SwitchNamespace);
            if (made is null || made.Claim != null)
            {
                parts.Add((commands.Count, "directory " + lab.Directory));
                commands.Add(new[] { "rm", "-rf", lab.Directory });
                // The claim of a -Directory elsewhere is a symbolic link; only one that points at this lab's directory.
                var claim = ClaimPath(lab.Name);
                if (lab.Directory != claim)
                {
                    parts.Add((commands.Count, "name claim " + claim));
                    commands.Add(new[] { "sh", "-c", "[ \"$(readlink \"$1\")\" != \"$2\" ] || rm -f \"$1\"", "sh", claim, lab.Directory });
                }
            }
            // Each step whatever the others did: remove as much as there is.
            var result = await local.RunBatchAsync(commands, stopOnError: false, ct, TimeSpan.FromSeconds(120)).ConfigureAwait(false);
            var left = new List<string>();
            if (result.Results.Count > stop)
                left.AddRange(result.Results[stop].StandardOutput.Split('\n').Where(l => l.StartsWith("LEFT ", StringComparison.Ordinal)).Select(l => l.Substring(5)));
            foreach (var (index, what) in parts)
            {
                if (index >= result.Results.Count) { left.Add($"{what} (not tried: the removal ended early)"); continue; }
                var r = result.Results[index];
                // Already gone is removed: a veth end can vanish between ip's lookup and its delete ("No such device")
                // when the namespace holding its peer is torn down at the same time.
                var gone = r.StandardError.Contains("No such file") || r.StandardError.Contains("Cannot find device") || r.StandardError.Contains("No such device");
                if (!r.Succeeded && !gone) left.Add($"{what}: {(r.StandardError.Trim().Length > 0 ? r.StandardError.Trim() : "exit " + r.ExitCode)}");
            }
            return left;

            void DeleteNamespace(string ns)
            {
                if (made != null && !made.Namespaces.Contains(ns)) return;
                parts.Add((commands.Count, "namespace " + ns));
                commands.Add(new[] { "ip", "netns", "delete", ns });
            }
        }

        /// <summary>Runs commands that create parts, recording the namespaces and links of this machine that they made.</summary>
        private static async Task Make(XHostSession session, XHostLabMade made, CancellationToken ct, params IReadOnlyList<string>[] commands)
        {
            var result = await session.RunBatchAsync(commands, stopOnError: true, ct, TimeSpan.FromSeconds(120)).ConfigureAwait(false);
            made.Record(result.Results);
            result.EnsureSuccess();
        }

        private static async Task Run(XHostSession session, CancellationToken ct, params IReadOnlyList<string>[] commands) =>
            (await session.RunBatchAsync(commands, stopOnError: true, ct, TimeSpan.FromSeconds(120)).ConfigureAwait(false)).EnsureSuccess();
    }
}
