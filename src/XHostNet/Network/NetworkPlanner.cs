using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using XHostNet.Execution;
using XHostNet.Linux;
using XHostNet.Ovs;
using XHostNet.Planning;
using XHostNet.Routing;
using XHostNet.Tunnels;

namespace XHostNet.Network
{
    /// <summary>
    /// Plans one host's part of a network as ONE change batch: the existing planners (bridge, Open vSwitch bridge,
    /// ports, tunnels, routes) each plan their step against the snapshot as the earlier steps will leave it, and the
    /// host's record (what this network made there) is written last in the same batch. Pure: no I/O.
    /// </summary>
    public static class NetworkPlanner
    {
        public static NetworkHostPlan PlanConnect(NetworkSpec spec, NetworkTopology topology, NetworkMember self)
        {
            var read = self.Read;
            var session = read.Session;
            var old = read.Record(spec.Name);
            if (old != null && old.Mode != spec.Mode)
            {
                throw new XHostException(XHostErrorKind.Conflict, ErrorIds.NetworkConflict,
                    $"Host '{session.Host}' is already in network '{spec.Name}' as {old.Mode}, not {spec.Mode}. Nothing was changed on it. " +
                    $"Run Disconnect-XHostNetwork -Name {spec.Name} first, or choose another -Name.");
            }
            var peers = topology.Members.Where(m => m != self).OrderBy(m => m.Host, StringComparer.Ordinal).ToList();
            var batch = new Batch(read);
            var projected = new ProjectedState(read.State);
            var mtu = topology.Mtu;

            // br0 holds the host's container-side address; the peers' subnets are routed to it.
            var bridge = NetworkSpec.Bridge;
            var move = spec.Mode == NetworkMode.SharedLan ? PlanSharedBridge(batch, projected, self, bridge, spec.ConfirmTimeout) : null;
            if (spec.Mode != NetworkMode.SharedLan) PlanBridge(batch, projected, self, bridge, mtu, old);

            if (spec.Mode == NetworkMode.OvsGre)
            {
                var ovsBridge = NetworkSpec.OvsBridge;
                var ovsExisted = projected.State.Ovs!.Bridge(ovsBridge) != null;
                batch.Take(OvsBridgePlanner.PlanNew(projected.State, ovsBridge, OvsBridgePlanner.Userspace, mtu, kernelDatapath: false, force: false),
                    ovsExisted ? null : new NetworkItem { Kind = NetworkItemKind.OvsBridge, Name = ovsBridge });
                if (!ovsExisted)
                {
                    projected.AddOvsBridge(ovsBridge, OvsBridgePlanner.Userspace);
                    // With the userspace datapath the bridge's device is a TAP.
                    projected.SetLink(new IpLink { Name = ovsBridge, Kind = "tun", Mtu = mtu, AdminUp = true });
                }
                var port = projected.CopyOf(ovsBridge);
                batch.Take(LinuxBridgePlanner.PlanAddPorts(session, projected.State.Links, bridge, new[] { ovsBridge }, force: false),
                    port?.Master == bridge ? null : new NetworkItem { Kind = NetworkItemKind.BridgePort, Name = ovsBridge, Bridge = bridge });
                if (port != null)
                {
                    port.Master = bridge;
                    port.AdminUp = true;
                    projected.SetLink(port);
                }
                foreach (var peer in peers)
                {
                    var name = TunnelName("gre-", peer.UnderlayAddress);
                    var existed = projected.State.Ovs!.Interface(name) != null;
                    batch.Take(TunnelPlanner.PlanAdd(projected.State, new TunnelSpec { Kind = TunnelKind.Gre, Name = name, Bridge = ovsBridge, RemoteAddress = peer.UnderlayAddress, SplitHorizon = true }, force: false),
                        existed ? null : TunnelItem(TunnelKind.Gre, name, ovsBridge, peer, null));
                    if (!existed)
                        projected.AddOvsInterface(new OvsInterfaceRow
                        {
                            Name = name, Type = "gre", Bridge = ovsBridge, Port = name, OfPort = 1, Protected = true,
                            Options = new Dictionary<string, string> { ["remote_ip"] = peer.UnderlayAddress.ToString() },
                        });
                }
            }
            else if (spec.Mode == NetworkMode.Vxlan)
            {
                foreach (var peer in peers)
                {
                    var name = TunnelName("vx-", peer.UnderlayAddress);
                    var vni = PairVni(self.UnderlayAddress, peer.UnderlayAddress);
                    var existed = projected.State.Link(name) != null;
                    batch.Take(TunnelPlanner.PlanAdd(projected.State, new TunnelSpec
                        {
                            Kind = TunnelKind.Vxlan, Name = name, Bridge = bridge, RemoteAddress = peer.UnderlayAddress, LocalAddress = self.UnderlayAddress, Vni = vni, SplitHorizon = true,
                        }, force: false),
                        existed ? null : TunnelItem(TunnelKind.Vxlan, name, bridge, peer, vni));
                    if (!existed)
                        projected.SetLink(new IpLink
                        {
                            Name = name, Kind = "vxlan", Master = bridge, AdminUp = true, Isolated = true, Mtu = self.UnderlayMtu - NetworkTopology.Overhead(NetworkMode.Vxlan),
                            Vxlan = new VxlanInfo { Id = vni, Remote = peer.UnderlayAddress.ToString(), Local = self.UnderlayAddress.ToString(), Port = TunnelOverhead.VxlanDefaultPort },
                        });
                }
            }

            // Through the tunnel: via the peer's bridge address on br0 (on-link), never via its underlay address, which
            // would send container traffic as plain IP (LAB.md "Routing truth"). Without a tunnel: via the peer itself.
            foreach (var peer in spec.Mode == NetworkMode.SharedLan ? new List<NetworkMember>() : peers)
            {
                var tunnelled = spec.Mode != NetworkMode.HostRoutes;
                var route = new RouteSpec
                {
                    Destination = peer.Subnet.Network, Gateway = tunnelled ? peer.BridgeAddress.Address : peer.UnderlayAddress,
                    Interface = tunnelled ? bridge : null, OnLink = tunnelled,
                };
                var existed = projected.State.Routes.Any(r => r.Destination.Equals(route.Destination) && IpRouteJson.EffectiveMetric(r) == 0);
                batch.Take(RoutePlanner.PlanAdd(projected.State, route, force: false), existed ? null : new NetworkItem
                {
                    Kind = NetworkItemKind.Route, Name = peer.Subnet.Network.ToString(), Address = route.Destination.ToString(), Gateway = route.Gateway.ToString(),
                    Interface = route.Interface, OnLink = route.OnLink, Peer = peer.UnderlayAddress.ToString(),
                });
            }

            // The host forwards between its containers and its peers (on a shared LAN they meet on layer 2).
            if (read.Forwarding != "1" && spec.Mode != NetworkMode.SharedLan)
                batch.Add(new[] { NetworkItemPlanner.SetSysctl(NetworkHostRead.ForwardingSysctl, "1") },
                    new[] { NetworkItemPlanner.SetSysctl(NetworkHostRead.ForwardingSysctl, read.Forwarding ?? "0") },
                    new NetworkItem { Kind = NetworkItemKind.Sysctl, Name = NetworkHostRead.ForwardingSysctl, Value = "1", Previous = read.Forwarding ?? "0" },
                    $"set {NetworkHostRead.ForwardingSysctl}=1");

            // A subnet from the shared store: the host's subnet.env says so, as flanneld's would, so Get-FlannelSubnet |
            // Set-DockerBridge and flannel's own helpers agree with the network (FLANNEL_MTU: the overlay MTU containers use).
            if (self.Lease != null) PlanSubnetFile(batch, read, spec, self, mtu, old);

            // -Persist: br0's boot configuration joins the same batch; a file in the way is refused here, before anything changes.
            if (spec.Persist != null)
            {
                var (bootPlan, bootItem) = NetworkBootConfig.Plan(spec.Persist, spec.Mode, self, peers, mtu, read, DateTime.UtcNow);
                batch.Take(bootPlan, bootItem);
                batch.Details.AddRange(bootPlan.Details);
                batch.BootRoot = bootItem.Root;
            }

            // dockerd last: it restarts onto br0, which the steps before made.
            if (spec.Docker)
            {
                var (dockerPlan, item) = NetworkDocker.PlanSet(read.Docker!, projected.State, NetworkDocker.Wanted(spec.Mode, self, mtu, bridge));
                batch.Take(dockerPlan, item);
                batch.Timeout = dockerPlan.Timeout;
                batch.Details.AddRange(dockerPlan.Details);
            }

            // A peer dropped from the network (no host asked for has its underlay address) loses its tunnel and route here.
            // Peers are known by that address, not by a session's label, which differs with the operator's user name. While
            // a host could not be read or placed, nobody can tell which peer it is, so nothing is dropped.
            var asked = new HashSet<string>(topology.Members.Select(m => m.UnderlayAddress.ToString()), StringComparer.Ordinal);
            var dropped = topology.Failures.Count > 0 ? new List<NetworkItem>()
                : (old?.Made ?? new List<NetworkItem>()).Where(i => i.Peer != null && !asked.Contains(i.Peer)).ToList();
            foreach (var item in Enumerable.Reverse(dropped))
                batch.Add(NetworkItemPlanner.PlanRemove(item, read), Array.Empty<IReadOnlyList<string>>(), null, $"remove {item} (peer {item.Peer} left the network)");

            var record = new NetworkRecord
            {
                Name = spec.Name, Mode = spec.Mode, Network = spec.ContainerNetwork.ToString(), Subnet = self.Subnet.ToString(),
                BridgeAddress = self.BridgeAddress.ToString(), Bridge = bridge, Mtu = mtu, UnderlayAddress = self.UnderlayAddress.ToString(),
                UnderlayInterface = self.UnderlayInterface, Lease = self.Lease, Peers = peers.Select(p => p.ToPeer()).ToList(),
                Made = Merge(old, batch.Made, dropped),
            };
            return batch.Finish(spec, record, old, NetworkHostRead.OvsNeedOf(spec.Mode), move);
        }

        /// <summary>
        /// Undoes the record in reverse. With <paramref name="keepLease"/> the host's subnet.env stays with its lease (the
        /// lease itself is given back, or not, by the caller: it is in etcd, not on the host).
        /// </summary>
        public static NetworkHostPlan PlanDisconnect(NetworkHostRead read, NetworkRecord record, TimeSpan confirmTimeout, bool keepLease = false)
        {
            var batch = new Batch(read);
            // A NIC moved into br0 goes back by the host's watchdog, as it came (over SSH on that NIC a wrong release cuts the
            // session for good); the batch runs once a new connection confirmed it, and deletes neither the NIC's move nor br0.
            var nicMove = read.Move is null ? null : record.Made.FirstOrDefault(i => i.Kind == NetworkItemKind.NicMove);
            var deleteBridge = nicMove != null && record.Made.Any(i => i.Kind == NetworkItemKind.LinuxBridge && i.Name == nicMove.Bridge);
            var release = nicMove is null ? null : NicMove.PlanRelease(nicMove, read.Move!, deleteBridge, confirmTimeout);
            if (release?.IsEmpty == true) release = null;
            if (release != null)
                batch.Moved(Array.Empty<NetworkItem>(), $"move {nicMove!.Name} and {nicMove.Address} out of {nicMove.Bridge}" + (deleteBridge ? $" and delete {nicMove.Bridge}" : "") +
                    $" (by the host's watchdog, rolled back unless confirmed within {confirmTimeout.TotalSeconds:0} s)");
            foreach (var item in Enumerable.Reverse(record.Made))
            {
                if (release != null && (item == nicMove || deleteBridge && item.Kind == NetworkItemKind.LinuxBridge && item.Name == nicMove!.Bridge)) continue;
                if (keepLease && item.Kind == NetworkItemKind.SubnetFile) continue;
                if (item.Kind == NetworkItemKind.DockerSettings && read.Docker != null)
                {
                    var restore = NetworkDocker.PlanRestore(read.Docker, item);
                    batch.Add(restore.Commands, restore.RollbackCommands, null, $"put back dockerd's settings in {item.Name}");
                    batch.Timeout = restore.Timeout;
                    batch.Details.AddRange(restore.Details);
                }
                else if (item.Kind == NetworkItemKind.BootConfig)
                {
                    var remove = NetworkBootConfig.PlanRemove(item, read);
                    batch.Add(remove.Commands, remove.RollbackCommands, null, $"remove {item}");
                    batch.Details.AddRange(remove.Details);
                }
                else batch.Add(NetworkItemPlanner.PlanRemove(item, read), Array.Empty<IReadOnlyList<string>>(), null, $"remove {item}");
            }
            if (record.Lease is { } lease)
                batch.Details.Add(lease.Claimed && !keepLease
                    ? $"In etcd, once the host's change is made: give back lease {lease.Subnet} ({lease.Key}) at {lease.Etcd}, while it is still {lease.PublicIP}'s"
                    : $"In etcd: lease {lease.Subnet} ({lease.Key}) stays ({(keepLease ? "-KeepLease" : "the host held it before the network, which only used it")})");
            var path = NetworkRecordStore.PathOf(read.RecordDirectory, record.Name);
            var text = read.RecordText(record.Name)!;
            batch.Add(new[] { NetworkRecordStore.Remove(path, text) }, new[] { (IReadOnlyList<string>)NetworkRecordStore.Write(path, text, null) }, null, $"remove record {path}");
            var plan = batch.ToChangePlan($"network {record.Name}", NetworkHostRead.OvsNeedOf(record.Mode), verify: null);
            plan.Details.AddRange(batch.Details);
            return new NetworkHostPlan(read, plan, null, batch.Changes, release);
        }

        /// <summary>The host's subnet.env, written when it differs; the content it replaced is recorded (first time only) for Disconnect to put back.</summary>
        private static void PlanSubnetFile(Batch batch, NetworkHostRead read, NetworkSpec spec, NetworkMember self, int mtu, NetworkRecord? old)
        {
            var path = read.SubnetFilePath(spec.SubnetFile);
            var content = Leases.SubnetEnvFile.Render(spec.ContainerNetwork.ToString(), self.Subnet, mtu, ipMasq: false);
            read.SubnetFiles.TryGetValue(path, out var current);
            if (content == current) return;
            var hash = HostFile.Sha256(content);
            var earlier = old?.Made.FirstOrDefault(i => i.Kind == NetworkItemKind.SubnetFile && i.Name == path);
            batch.Add(new[] { (IReadOnlyList<string>)HostFile.WriteAtomically(path, content, current is null ? HostFile.Absent : HostFile.Sha256(current)) },
                new[] { current is null ? HostFile.RemoveIfUnchanged(path, hash) : HostFile.WriteAtomically(path, current, hash) },
                new NetworkItem { Kind = NetworkItemKind.SubnetFile, Name = path, Value = hash, Previous = earlier != null ? earlier.Previous : current },
                $"write {path} (FLANNEL_SUBNET={self.BridgeAddress})");
            batch.Details.Add($"{path} after the change (sent on standard input):");
            batch.Details.AddRange(content.TrimEnd('\n').Split('\n'));
        }

        /// <summary>br0 with the host's container-side address (its subnet's first address), at the overlay MTU.</summary>
        private static void PlanBridge(Batch batch, ProjectedState projected, NetworkMember self, string bridge, int mtu, NetworkRecord? old)
        {
            var session = projected.State.Session;
            var existingBridge = projected.State.Link(bridge);
            var hadAddress = existingBridge?.Addresses.Any(a => a.Address.Equals(self.BridgeAddress)) == true;
            // An address put back on a bridge this network made is a repair: removing the bridge removes it.
            var ownBridge = old?.Made.Any(i => i.Kind == NetworkItemKind.LinuxBridge && i.Name == bridge) == true;
            batch.Take(LinuxBridgePlanner.PlanNew(session, projected.State.Links,
                    new LinuxBridgeSpec { Name = bridge, Addresses = new[] { self.BridgeAddress }, Mtu = mtu }, force: false),
                existingBridge is null ? new NetworkItem { Kind = NetworkItemKind.LinuxBridge, Name = bridge }
                : hadAddress || ownBridge ? null : new NetworkItem { Kind = NetworkItemKind.Address, Name = bridge, Address = self.BridgeAddress.ToString() });
            var br0 = projected.CopyOf(bridge) ?? new IpLink { Name = bridge, Kind = "bridge" };
            br0.Mtu = mtu;
            br0.AdminUp = true;
            if (!hadAddress) br0.Addresses = br0.Addresses.Concat(new[] { new IpAddressEntry(self.BridgeAddress, "global") }).ToList();
            projected.SetLink(br0);
        }

        /// <summary>
        /// SharedLan: br0 takes over the host's NIC, its LAN address and its routes, through the host's watchdog (which makes
        /// br0 when it is missing, at the NIC's MTU, and removes it again on a rollback): the move is not part of the batch
        /// but runs before it, and the batch (dockerd, the record claiming the move, the read-back) runs only once a new
        /// connection confirmed the move. So a rolled-back move leaves the host as it was and no record claims it.
        /// </summary>
        private static AddressMovePlan? PlanSharedBridge(Batch batch, ProjectedState projected, NetworkMember self, string bridge, TimeSpan confirmTimeout)
        {
            var nic = self.UnderlayInterface;
            var move = AddressMovePlanner.Plan(self.Read.Move!, nic, bridge, confirmTimeout);
            if (move.IsEmpty) return null;
            var existed = projected.State.Link(bridge) != null;
            batch.Moved(new[] { existed ? null : new NetworkItem { Kind = NetworkItemKind.LinuxBridge, Name = bridge }, NicMove.Item(projected.State, nic, bridge, self.UnderlayNetwork) },
                $"move {nic} and {self.UnderlayNetwork} into {bridge} (by the host's watchdog, rolled back unless confirmed within {confirmTimeout.TotalSeconds:0} s)");
            var br0 = projected.CopyOf(bridge) ?? new IpLink { Name = bridge, Kind = "bridge", Mtu = self.UnderlayMtu };
            br0.AdminUp = true;
            br0.Addresses = br0.Addresses.Concat(new[] { new IpAddressEntry(self.UnderlayNetwork, "global") }).ToList();
            projected.SetLink(br0);
            return move;
        }

        /// <summary>A tunnel's device name from its peer's address: stable whatever the order of the hosts, within 15 bytes.</summary>
        public static string TunnelName(string prefix, IPAddress peer) =>
            prefix + string.Concat(peer.GetAddressBytes().Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));

        /// <summary>
        /// The VNI of the VXLAN between two hosts: the kernel takes one device per VNI and port, so each pair gets its own,
        /// the same on both ends: the low 12 bits of the lower address, then those of the higher one.
        /// </summary>
        public static int PairVni(IPAddress a, IPAddress b)
        {
            int Low12(IPAddress ip) { var x = ip.GetAddressBytes(); return ((x[x.Length - 2] & 0x0f) << 8) | x[x.Length - 1]; }
            var (low, high) = string.CompareOrdinal(Hex(a), Hex(b)) < 0 ? (a, b) : (b, a);
            return (Low12(low) << 12) | Low12(high);
        }

        private static string Hex(IPAddress ip) => string.Concat(ip.GetAddressBytes().Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));

        private static NetworkItem TunnelItem(TunnelKind kind, string name, string bridge, NetworkMember peer, int? vni) => new NetworkItem
        {
            Kind = NetworkItemKind.Tunnel, Name = name, Bridge = bridge, Address = peer.UnderlayAddress.ToString(), TunnelKind = kind.ToString(), Vni = vni, Peer = peer.UnderlayAddress.ToString(),
        };

        /// <summary>
        /// The record's items: what an earlier run made that is still wanted, and what this run makes, in the order
        /// made; a dropped peer's items leave the record with the peer.
        /// </summary>
        private static List<NetworkItem> Merge(NetworkRecord? old, IReadOnlyList<(NetworkItem Item, bool New)> wanted, IReadOnlyList<NetworkItem> dropped)
        {
            var before = (old?.Made ?? new List<NetworkItem>()).Where(i => !dropped.Contains(i)).ToList();
            var keys = new HashSet<string>(wanted.Where(w => w.New).Select(w => w.Item.Key), StringComparer.Ordinal);
            // A value set again keeps the one it had before the network first set it, so Disconnect puts that back.
            foreach (var (item, _) in wanted.Where(w => w.New))
                if (before.FirstOrDefault(b => b.Key == item.Key) is { } earlier)
                {
                    item.Previous = earlier.Previous ?? item.Previous;
                    item.PreviousSettings = earlier.PreviousSettings ?? item.PreviousSettings;
                }
            // Earlier items keep their place (and their recorded previous values); new ones follow in the order made.
            return before.Where(i => !keys.Contains(i.Key)).Concat(wanted.Where(w => w.New).Select(w => w.Item)).ToList();
        }

        /// <summary>The change being built for one host: its commands, their undo, the items they make, in plain words.</summary>
        private sealed class Batch
        {
            private readonly NetworkHostRead _read;
            private readonly List<IReadOnlyList<string>> _commands = new List<IReadOnlyList<string>>();
            private readonly List<IReadOnlyList<IReadOnlyList<string>>> _undo = new List<IReadOnlyList<IReadOnlyList<string>>>();
            private readonly List<Func<CommandResult, XHostException?>> _explain = new List<Func<CommandResult, XHostException?>>();

            public Batch(NetworkHostRead read) => _read = read;

            public List<(NetworkItem Item, bool New)> Made { get; } = new List<(NetworkItem, bool)>();
            public List<string> Changes { get; } = new List<string>();
            public List<string> Warnings { get; } = new List<string>();
            /// <summary>Lines -WhatIf shows after the commands (a file's new content).</summary>
            public List<string> Details { get; } = new List<string>();
            /// <summary>The batch's time limit when a step needs longer than a session's command timeout (dockerd's restart).</summary>
            public TimeSpan? Timeout { get; set; }
            /// <summary>The configuration root -Persist writes under: the read-back reads it too, so the written files are verified in the same round trip.</summary>
            public string? BootRoot { get; set; }

            /// <summary>One existing planner's step; <paramref name="made"/> is what it makes that was not there (null: it repairs or does nothing).</summary>
            public void Take<T>(ChangePlan<T> plan, NetworkItem? made) where T : class
            {
                Warnings.AddRange(plan.Warnings);
                if (plan.ExplainFailure != null) _explain.Add(plan.ExplainFailure);
                // New-LinuxBridge's plan has no undo of its own (its change is one batch); in a network's batch a later failure must take the bridge too.
                var undo = plan.RollbackCommands.Count == 0 && made?.Kind == NetworkItemKind.LinuxBridge
                    ? new[] { (IReadOnlyList<string>)new[] { "ip", "link", "delete", "dev", made.Name } }
                    : plan.RollbackCommands;
                Add(plan.Commands, undo, made, made != null ? $"add {made}" : $"repair {plan.Target}");
            }

            public void Add(IReadOnlyList<IReadOnlyList<string>> commands, IReadOnlyList<IReadOnlyList<string>> undo, NetworkItem? made, string change)
            {
                if (made != null && commands.Count > 0) Made.Add((made, true));
                if (commands.Count == 0) return;
                _commands.AddRange(commands);
                _undo.Add(undo);
                Changes.Add(change);
            }

            /// <summary>What the NIC's watchdog move makes: recorded by this batch (which runs once the move is confirmed), with no command in it.</summary>
            public void Moved(IEnumerable<NetworkItem?> made, string change)
            {
                Made.AddRange(made.Where(m => m != null).Select(m => (m!, true)));
                Changes.Add(change);
            }

            public NetworkHostPlan Finish(NetworkSpec spec, NetworkRecord record, NetworkRecord? old, OvsNeed ovs, AddressMovePlan? move)
            {
                var path = NetworkRecordStore.PathOf(_read.RecordDirectory, spec.Name);
                var previousText = _read.RecordText(spec.Name);
                var content = record.ToJson();
                var details = new List<string>(Details);
                if (content != previousText)
                {
                    Add(new[] { (IReadOnlyList<string>)NetworkRecordStore.Write(path, content, previousText) },
                        new[] { NetworkRecordStore.UndoWrite(path, content, previousText) }, null, $"write record {path}");
                    details.Add($"{path} after the change (sent on standard input):");
                    details.AddRange(content.TrimEnd('\n').Split('\n'));
                }
                var plan = ToChangePlan($"network {spec.Name}", ovs, after => Verify(record, after));
                plan.Details.AddRange(details);
                return new NetworkHostPlan(_read, plan, record, Changes, move);
            }

            /// <summary>The whole batch as one plan: the changes, then the read-back, in one round trip; a failure undoes what this batch made.</summary>
            public ChangePlan<HostNetworkState> ToChangePlan(string target, OvsNeed ovs, Action<NetworkHostRead>? verify)
            {
                var session = _read.Session;
                var plan = new ChangePlan<HostNetworkState>(session, target, _commands, _read.State)
                {
                    RollbackCommands = Enumerable.Reverse(_undo).SelectMany(u => u).ToList(),
                    ExplainFailure = result => _explain.Select(e => e(result)).FirstOrDefault(e => e != null),
                    FailureMayHaveApplied = OvsVsctl.MayHaveApplied,
                };
                plan.Warnings.AddRange(Warnings.Distinct());
                plan.Timeout = Timeout;
                var reads = NetworkHostRead.ReadCommands(session, ovs, _read.RecordDirectory, bootRoot: BootRoot);
                return plan.WithReadBack(reads, results =>
                {
                    var after = NetworkHostRead.Parse(session, results, ovs, _read.RecordDirectory, bootRoot: BootRoot);
                    verify?.Invoke(after);
                    return after.State;
                });
            }

            private static void Verify(NetworkRecord record, NetworkHostRead after)
            {
                var drift = record.Made.Select(i => NetworkItemPlanner.Drift(i, after)).Where(d => d != null).ToList();
                if (drift.Count > 0)
                {
                    throw new XHostException(XHostErrorKind.Failed, ErrorIds.NetworkNotConverged,
                        $"Network '{record.Name}' on host '{after.Session.Host}' is not as planned after the change: {string.Join("; ", drift)}.");
                }
            }
        }
    }
}
