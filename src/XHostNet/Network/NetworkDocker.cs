using System;
using System.Collections.Generic;
using System.Linq;
using XHostNet.Docker;
using XHostNet.Linux;
using XHostNet.Planning;

namespace XHostNet.Network
{
    /// <summary>
    /// A network's dockerd settings (-Docker): containers on br0 with addresses from the host's subnet (dockerd -b br0
    /// --fixed-cidr SUBNET, and the overlay MTU for tunnels), planned by Set-DockerBridge's planner with its restart and
    /// rollback, and put back as they were by Disconnect. Pure: no I/O.
    /// </summary>
    public static class NetworkDocker
    {
        private static readonly string[] Names = { DockerSettingNames.Bridge, DockerSettingNames.FixedCidr, DockerSettingNames.Mtu };

        /// <summary>The settings a host's dockerd needs for the network.</summary>
        public static SortedDictionary<string, string> Wanted(NetworkMode mode, NetworkMember self, int mtu, string bridge)
        {
            var wanted = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                [DockerSettingNames.Bridge] = bridge,
                [DockerSettingNames.FixedCidr] = self.Subnet.ToString(),
            };
            if (NetworkTopology.Overhead(mode) > 0) wanted[DockerSettingNames.Mtu] = mtu.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return wanted;
        }

        /// <summary>
        /// The change to dockerd (daemon.json written atomically, dockerd restarted and awaited), planned against the
        /// host's links as the network's earlier steps leave them, so br0 counts as there; and the record's item.
        /// </summary>
        public static (ChangePlan<DockerBridge> Plan, NetworkItem Item) PlanSet(DockerHostState docker, HostNetworkState projected, SortedDictionary<string, string> wanted)
        {
            var current = docker.ToBridge();
            var spec = new DockerBridgeSpec
            {
                Bridge = wanted[DockerSettingNames.Bridge],
                FixedCidr = InterfaceAddress.Parse(wanted[DockerSettingNames.FixedCidr]),
                Mtu = wanted.TryGetValue(DockerSettingNames.Mtu, out var mtu) ? int.Parse(mtu, System.Globalization.CultureInfo.InvariantCulture) : (int?)null,
                // dockerd takes -b or --bip, not both.
                Clear = current.Bip != null ? new[] { DockerSettingNames.Bip } : Array.Empty<string>(),
                Restart = true,
            };
            var plan = DockerBridgePlanner.PlanSet(WithLinks(docker, projected.Links), spec, DateTime.UtcNow);
            var previous = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var name in Names.Concat(new[] { DockerSettingNames.Bip }))
                if (docker.FileSettings.LastOrDefault(s => s.Name == name)?.Value is { } value) previous[name] = value;
            return (plan, new NetworkItem { Kind = NetworkItemKind.DockerSettings, Name = docker.ConfigPath, Settings = wanted, PreviousSettings = previous });
        }

        /// <summary>dockerd's settings put back as they were before the network (only those the network set), with a restart.</summary>
        public static ChangePlan<DockerBridge> PlanRestore(DockerHostState docker, NetworkItem item)
        {
            var before = item.PreviousSettings ?? new SortedDictionary<string, string>();
            string? Before(string name) => before.TryGetValue(name, out var v) ? v : null;
            var spec = new DockerBridgeSpec
            {
                Bridge = Before(DockerSettingNames.Bridge),
                Bip = Before(DockerSettingNames.Bip) is { } bip ? InterfaceAddress.Parse(bip) : null,
                FixedCidr = Before(DockerSettingNames.FixedCidr) is { } cidr ? InterfaceAddress.Parse(cidr) : null,
                Mtu = Before(DockerSettingNames.Mtu) is { } mtu ? int.Parse(mtu, System.Globalization.CultureInfo.InvariantCulture) : (int?)null,
                Clear = (item.Settings?.Keys ?? Enumerable.Empty<string>()).Where(n => Before(n) is null).ToList(),
                Restart = true,
            };
            return DockerBridgePlanner.PlanSet(docker, spec, DateTime.UtcNow);
        }

        /// <summary>Where dockerd no longer runs with what the network set, or null.</summary>
        public static string? Drift(NetworkItem item, DockerHostState? docker)
        {
            if (docker is null) return null;
            var bridge = docker.ToBridge();
            var wanted = item.Settings ?? new SortedDictionary<string, string>();
            var differs = wanted.Where(w => w.Key switch
            {
                DockerSettingNames.Bridge => bridge.Bridge != w.Value,
                DockerSettingNames.FixedCidr => bridge.FixedCidr != w.Value,
                DockerSettingNames.Mtu => bridge.Mtu?.ToString(System.Globalization.CultureInfo.InvariantCulture) != w.Value,
                _ => false,
            }).Select(w => w.Key).ToList();
            if (differs.Count > 0) return $"dockerd is configured with other {string.Join(", ", differs)} than the network set";
            if (!bridge.Running) return "dockerd does not answer";
            return bridge.Disagreements.Length > 0 ? "dockerd runs with other settings than its configuration: " + string.Join("; ", bridge.Disagreements) : null;
        }

        private static DockerHostState WithLinks(DockerHostState s, IReadOnlyList<IpLink> links) => new DockerHostState
        {
            Session = s.Session, ConfigPath = s.ConfigPath, Config = s.Config, ConfigExists = s.ConfigExists, ConfigText = s.ConfigText, SysconfigFormat = s.SysconfigFormat,
            FileSettings = s.FileSettings, FlagSettings = s.FlagSettings, Links = links, BridgeNetwork = s.BridgeNetwork, EngineRunning = s.EngineRunning,
            Systemd = s.Systemd, SysVService = s.SysVService,
        };
    }
}
