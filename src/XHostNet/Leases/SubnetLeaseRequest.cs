using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using XHostNet.Execution;
using XHostNet.Linux;
using XHostNet.Sessions;

namespace XHostNet.Leases
{
    /// <summary>
    /// One host's lease request: read (the host, the config, the leases), then — once approved — the claim in etcd and
    /// the host's subnet.env. The plan names the subnet the host would get now (<see cref="Distribute"/> gives the hosts
    /// of one call different ones, so -WhatIf shows what the run does); under a concurrent claim from elsewhere the apply
    /// may take the next free one, which is what it says.
    /// </summary>
    public sealed class SubnetLeaseRequest
    {
        public LeaseHost Host { get; private set; } = null!;
        public ContainerNetworkConfig Config { get; private set; } = null!;
        /// <summary>The lease the host already holds, or null when it needs a new one.</summary>
        public SubnetLease? Held { get; private set; }
        /// <summary>The subnet the host gets if nobody claims it first (set by <see cref="Distribute"/> for a host without a lease).</summary>
        public InterfaceAddress Planned { get; private set; } = null!;
        public List<string> Warnings { get; } = new List<string>();

        // The free subnets of the size asked, as this host's read saw them.
        private IReadOnlyList<InterfaceAddress> _free = Array.Empty<InterfaceAddress>();
        private int? _subnetLength;

        public static async Task<SubnetLeaseRequest> PlanAsync(SubnetLeaseStore store, XHostSession session, SubnetLeaseOptions options, CancellationToken ct)
        {
            var host = LeaseHost.ReadAsync(session, options.Interface, options.SubnetFileFor(session), ct);
            var (config, leases) = await store.PlanSnapshotAsync(ct).ConfigureAwait(false);
            var request = new SubnetLeaseRequest { Host = await host.ConfigureAwait(false), Config = config };
            var ip = request.Host.PublicIP.ToString();
            request.Held = leases.FirstOrDefault(l => l.PublicIP == ip && config.Accepts(InterfaceAddress.Parse(l.Subnet)));
            if (request.Held != null) request.Planned = InterfaceAddress.Parse(request.Held.Subnet);
            request._free = SubnetLeaseStore.FreeSubnets(config, leases, options.SubnetLength).ToList();
            request._subnetLength = options.SubnetLength;
            return request;
        }

        /// <summary>
        /// Gives the hosts of one call that need a lease different free subnets, in input order: first each host's
        /// subnet.env subnet (as flanneld tries its last lease again), then the lowest left. The apply tries the planned
        /// subnet first, so hosts of one call do not race each other. A host that gets none is that host's failure
        /// (ContainerSubnetsExhausted), before anything is claimed.
        /// </summary>
        public static IReadOnlyDictionary<SubnetLeaseRequest, XHostException> Distribute(IReadOnlyList<SubnetLeaseRequest> requests)
        {
            var taken = requests.Where(r => r.Held != null).Select(r => r.Planned).ToList();
            bool Free(SubnetLeaseRequest r, InterfaceAddress s) => r._free.Contains(s) && !taken.Any(t => t.Overlaps(s));
            var waiting = requests.Where(r => r.Held is null).ToList();
            foreach (var r in waiting.ToList())
                if (r.Host.PreviousSubnet?.Network is { } previous && Free(r, previous))
                {
                    r.Planned = previous;
                    taken.Add(previous);
                    waiting.Remove(r);
                }
            var failures = new Dictionary<SubnetLeaseRequest, XHostException>();
            foreach (var r in waiting)
            {
                var pick = r._free.FirstOrDefault(s => Free(r, s));
                if (pick is null)
                {
                    failures[r] = SubnetLeaseStore.Exhausted(r.Config, r._subnetLength, r.Host.Session.Host, r.Host.PublicIP);
                    continue;
                }
                r.Planned = pick;
                taken.Add(pick);
            }
            return failures;
        }

        /// <summary>What -WhatIf and -Confirm show: the etcd step, then the host's exact command and the file it writes.</summary>
        public string Describe(SubnetLeaseStore store, SubnetLeaseOptions options)
        {
            var session = Host.Session;
            var etcd = Held != null
                ? $"In etcd: keep lease {Held.Subnet} ({Held.Key}, {Held.Owner}'s) held for {Host.PublicIP}" + (options.Renew && Held.EtcdLease != 0 ? ", and renew its etcd lease to its full TTL" : "")
                : $"In etcd: claim {Planned} for {Host.PublicIP} — a transaction that creates {store.SubnetKey(Planned)} and XHostNet's host marker only if both are absent, " +
                  $"bound to a new etcd lease of {options.TimeToLive.TotalSeconds:0} s (the next free subnet if another claim takes this one first)";
            var content = SubnetFileContent(Planned, options);
            var write = content == Host.SubnetFileText ? $"{Host.SubnetFile} already says so"
                : ShellQuoting.Join(HostFile.WriteAtomically(Host.SubnetFile, content).Argv) + Environment.NewLine + "    # " + Host.SubnetFile + ": " + content.TrimEnd('\n').Replace("\n", "; ");
            return $"On host '{session.Host}':" + Environment.NewLine + "    # " + etcd + Environment.NewLine + "    " + write;
        }

        /// <summary>Claims (or keeps) the lease, then writes subnet.env when it differs. A claim stays when the file cannot be written: it is the host's.</summary>
        public async Task<SubnetLease> ApplyAsync(SubnetLeaseStore store, SubnetLeaseOptions options, CancellationToken ct)
        {
            var lease = await store.RequestAsync(Host.PublicIP, Host.Session.Host, options.SubnetLength, options.TimeToLive, options.Renew, Planned, Warnings, ct)
                .ConfigureAwait(false);
            lease.Session = Host.Session;
            var content = SubnetFileContent(InterfaceAddress.Parse(lease.Subnet), options);
            if (content == Host.SubnetFileText) return lease;
            var write = HostFile.WriteAtomically(Host.SubnetFile, content);
            var result = await Host.Session.RunAsync(write.Argv, ct, write.Input).ConfigureAwait(false);
            if (!result.Succeeded)
                throw new XHostException(XHostErrorKind.Failed, ErrorIds.HostChangeFailed,
                    $"Host '{Host.Session.Host}' holds lease {lease.Subnet} in etcd ({lease.Action.ToLowerInvariant()}; it stays, as the host's), but {Host.SubnetFile} " +
                    $"could not be written: {result.StandardError.Trim()}. Run the request again once the file can be written; it reuses the lease.");
            return lease;
        }

        private string SubnetFileContent(InterfaceAddress subnet, SubnetLeaseOptions options) =>
            SubnetEnvFile.Render(Config.Network, subnet, options.Mtu ?? Host.InterfaceMtu - SubnetEnvFile.Overhead(Config.Backend), ipMasq: false);
    }
}
