using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using XHostNet.Sessions;

namespace XHostNet.Lab
{
    /// <summary>Finds the labs on this machine: every name claimed in /run/xhostnet/labs with a state file, and checks their parts.</summary>
    public static class XHostLabReader
    {
        public static async Task<IReadOnlyList<XHostLab>> ReadAsync(XHostSession local, CancellationToken ct)
        {
            var names = (await local.RunAsync(new[] { "sh", "-c", "[ ! -d \"$1\" ] || ls -1 \"$1\"", "sh", XHostLabBuilder.LabsDirectory }, ct).ConfigureAwait(false))
                .EnsureSuccess().StandardOutput.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).OrderBy(l => l, StringComparer.Ordinal).ToList();
            if (names.Count == 0) return Array.Empty<XHostLab>();
            var states = await local.RunBatchAsync(names.Select(n => (IReadOnlyList<string>)new[] { "cat", XHostLabBuilder.ClaimPath(n) + "/" + XHostLabBuilder.StateFile }).ToList(),
                stopOnError: false, ct).ConfigureAwait(false);
            var labs = new List<XHostLabState>();
            foreach (var r in states.Results.Where(r => r.Succeeded))
            {
                // A claim whose state file is half written or not the lab's is skipped, not a crash.
                try { if (JsonSerializer.Deserialize<XHostLabState>(r.StandardOutput) is { Name.Length: > 0 } lab) labs.Add(lab); }
                catch (JsonException) { }
            }
            var probes = new List<IReadOnlyList<string>> { new[] { "ip", "-j", "netns", "list" }, new[] { "ip", "-j", "link", "show" } };
            probes.AddRange(labs.Select(l => XHostLabBuilder.DaemonProbe(l, Daemons(l).Select(d => d.PidFile))));
            var found = (await local.RunBatchAsync(probes, stopOnError: false, ct).ConfigureAwait(false)).Results;
            var namespaces = new HashSet<string>(XHostLabBuilder.JsonArrayNames(found[0].StandardOutput, "name"), StringComparer.Ordinal);
            var links = new HashSet<string>(XHostLabBuilder.JsonArrayNames(found[1].StandardOutput, "ifname"), StringComparer.Ordinal);
            return labs.Select((lab, i) => Describe(lab, namespaces, links, found.Count > i + 2 ? found[i + 2].StandardOutput.Split('\n') : Array.Empty<string>())).ToList();
        }

        private static XHostLab Describe(XHostLabState lab, HashSet<string> namespaces, HashSet<string> links, string[] pids)
        {
            var parts = new List<XHostLabPart> { new XHostLabPart { Kind = "Switch", Name = lab.SwitchNamespace, Alive = namespaces.Contains(lab.SwitchNamespace) } };
            if (lab.Etcd) parts.Add(new XHostLabPart { Kind = "ManagementLink", Name = $"{lab.Name}e0", Alive = links.Contains($"{lab.Name}e0") });
            for (var n = 1; n <= lab.HostCount; n++)
            {
                parts.Add(new XHostLabPart { Kind = "Host", Name = lab.HostNamespace(n), HostNumber = n, Alive = namespaces.Contains(lab.HostNamespace(n)) });
                if (lab.ContainerSubnets.Count > 0)
                    parts.Add(new XHostLabPart { Kind = "Container", Name = lab.ContainerNamespace(n), HostNumber = n, Alive = namespaces.Contains(lab.ContainerNamespace(n)) });
                if (lab.Ssh)
                    parts.Add(new XHostLabPart { Kind = "ManagementLink", Name = $"{lab.Name}m{n}", HostNumber = n, Alive = links.Contains($"{lab.Name}m{n}") });
            }
            var daemons = Daemons(lab).ToList();
            for (var i = 0; i < daemons.Count; i++)
            {
                var pid = i < pids.Length && int.TryParse(pids[i].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : (int?)null;
                parts.Add(new XHostLabPart { Kind = daemons[i].Kind, Name = daemons[i].PidFile, HostNumber = daemons[i].Host, ProcessId = pid, Alive = pid != null });
            }
            return new XHostLab
            {
                Name = lab.Name, HostCount = lab.HostCount, Directory = lab.Directory, Ovs = lab.Ovs, Docker = lab.Docker, Ssh = lab.Ssh,
                EtcdEndpoint = lab.EtcdEndpoint, EtcdUnderlayEndpoint = lab.EtcdUnderlayEndpoint, EtcdCa = lab.EtcdCa, EtcdCertificate = lab.EtcdCertificate, EtcdKey = lab.EtcdKey,
                Hosts = Enumerable.Range(1, lab.HostCount).Select(lab.HostNamespace).ToArray(),
                Parts = parts.OrderBy(x => x.HostNumber ?? 0).ToArray(),
            };
        }

        /// <summary>The lab's daemons, the switch's etcd first and then host by host, with their pid files.</summary>
        private static IEnumerable<(int? Host, string Kind, string PidFile)> Daemons(XHostLabState lab)
        {
            if (lab.Etcd) yield return (null, "etcd", lab.EtcdDirectory + "/etcd.pid");
            for (var n = 1; n <= lab.HostCount; n++)
            {
                var dir = lab.HostDirectory(n);
                if (lab.Ovs)
                {
                    yield return (n, "ovsdb-server", dir + "/ovs/ovsdb-server.pid");
                    yield return (n, "ovs-vswitchd", dir + "/ovs/ovs-vswitchd.pid");
                }
                if (lab.Docker)
                {
                    yield return (n, "dockerd", dir + "/docker/docker.pid");
                    yield return (n, "docker-keeper", dir + "/docker/keeper.pid");
                }
                if (lab.Ssh) yield return (n, "sshd", dir + "/ssh/sshd.pid");
            }
        }
    }
}
