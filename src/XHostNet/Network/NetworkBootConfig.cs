using System;
using System.Collections.Generic;
using System.Linq;
using XHostNet.Execution;
using XHostNet.Persistence;
using XHostNet.Planning;

namespace XHostNet.Network
{
    /// <summary>
    /// Connect-XHostNetwork -Persist: br0's boot configuration as the network leaves it, planned with the persistence
    /// core so it joins the network's own change batch (one round trip), refused at plan time when a file XHostNet did
    /// not write is in the way (so the network does not change half). Only what the formats can express is written:
    /// br0, its address or the moved NIC's, its MTU, the NIC as its port (SharedLan) and the routes through br0 to the
    /// peers' subnets. Pure: no I/O.
    /// </summary>
    public static class NetworkBootConfig
    {
        /// <summary>br0 as the network leaves it, as a spec the writers take.</summary>
        public static BridgeConfigSpec Spec(NetworkMode mode, NetworkMember self, IReadOnlyList<NetworkMember> peers, int mtu, BridgeConfigState state,
            ICollection<string> warnings)
        {
            var bridge = NetworkSpec.Bridge;
            // SharedLan: the NIC's addresses, gateway and routes move into br0, the NIC becomes its port.
            if (mode == NetworkMode.SharedLan) return BridgeConfigReader.MovedSpec(state, bridge, self.UnderlayInterface, Array.Empty<string>(), self.UnderlayMtu, warnings);
            var host = state.Session.Host;
            // HostRoutes routes go via the peers' underlay addresses, through the underlay NIC, not br0: no bridge file carries them.
            var tunnelled = mode != NetworkMode.HostRoutes;
            warnings.Add(mode switch
            {
                NetworkMode.Vxlan => $"On host '{host}', the VXLAN devices to the peers are not persisted (a bridge configuration cannot make them): after a reboot br0 comes back " +
                                     "with its address and its routes to the peers, and Connect-XHostNetwork run again makes the tunnels.",
                NetworkMode.OvsGre => $"On host '{host}', Open vSwitch keeps {NetworkSpec.OvsBridge} and its GRE ports in its own database across a reboot, but not {NetworkSpec.OvsBridge} " +
                                      $"as a port of {bridge}: after a reboot run Connect-XHostNetwork again to put it back.",
                _ => $"On host '{host}', the routes to the peers' subnets go through the underlay interface, not {bridge}, and are not persisted: " +
                     "after a reboot run Connect-XHostNetwork again to add them.",
            });
            return new BridgeConfigSpec
            {
                Bridge = bridge,
                Addresses = new[] { self.BridgeAddress },
                Mtu = mtu,
                Routes = tunnelled
                    ? peers.Select(p => new BridgeConfigRoute(p.Subnet.Network, p.BridgeAddress.Address, onLink: true)).ToList()
                    : (IReadOnlyList<BridgeConfigRoute>)Array.Empty<BridgeConfigRoute>(),
            };
        }

        /// <summary>
        /// The plan writing br0's boot configuration, and the record's entry for it: each file written with the hash of
        /// its content. A file in the way that XHostNet did not write throws (unless forced), before anything changes.
        /// </summary>
        public static (ChangePlan<LinuxBridgeConfig> Plan, NetworkItem Item) Plan(NetworkPersist persist, NetworkMode mode, NetworkMember self,
            IReadOnlyList<NetworkMember> peers, int mtu, NetworkHostRead read, DateTime now)
        {
            var root = persist.RootFor(read.Session);
            var state = read.BootConfig(root) ?? throw new InvalidOperationException("The host was read without its boot configuration.");
            var warnings = new List<string>();
            var spec = Spec(mode, self, peers, mtu, state, warnings);
            var format = persist.Format ?? BridgeConfigDetector.Detect(state);
            var plan = BridgeConfigPlanner.PlanSave(state, spec, format, persist.Force, now, warnings, out var edits);
            // The files the configuration consists of after the change (not those removed or put back), with the hash of
            // the content written: what drift is judged by.
            var files = edits.Where(e => e.New != null && e.RestoredBackup is null && (e.Role != "Block" || IfupdownWriter.HasOwn(e.New, spec.Bridge)))
                .ToDictionary(e => e.Path, e => HostFile.Sha256(e.New!), StringComparer.Ordinal);
            if (plan.IsEmpty) plan.Warnings.Clear();
            return (plan, new NetworkItem
            {
                Kind = NetworkItemKind.BootConfig, Name = spec.Bridge, Root = root, Format = format.ToString(),
                Files = new SortedDictionary<string, string>(files, StringComparer.Ordinal),
            });
        }

        /// <summary>
        /// A file written that is gone or holds other content now; null when all are as written, or when the
        /// configuration was not read (Connect without -Persist does not read it; Get and Disconnect do).
        /// </summary>
        public static string? Drift(NetworkItem item, NetworkHostRead read)
        {
            if (item.Root is null || read.BootConfig(item.Root) is not { } state) return null;
            var drift = new List<string>();
            foreach (var file in item.Files ?? new SortedDictionary<string, string>())
            {
                if (!state.Files.TryGetValue(file.Key, out var text)) drift.Add($"boot configuration file {file.Key} is missing");
                else if (text is null || HostFile.Sha256(text) != file.Value) drift.Add($"boot configuration file {file.Key} changed since it was written");
            }
            return drift.Count == 0 ? null : string.Join("; ", drift);
        }

        /// <summary>Removes what XHostNet keeps for the bridge under the recorded root: its files deleted, the files they replaced put back.</summary>
        public static ChangePlan<LinuxBridgeConfig> PlanRemove(NetworkItem item, NetworkHostRead read)
        {
            var state = read.BootConfig(item.Root ?? NetworkPersist.DefaultRoot) ?? throw new InvalidOperationException("The host was read without its boot configuration.");
            return BridgeConfigPlanner.PlanRemove(state, item.Name);
        }
    }
}
