using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using XHostNet.Execution;
using XHostNet.Linux;
using XHostNet.Sessions;

namespace XHostNet.Docker
{
    /// <summary>What dockerd refuses, and how configuration and engine can disagree.</summary>
    public static class DockerBridgeRules
    {
        public static IEnumerable<string> Conflicts(IReadOnlyList<DockerSetting> settings)
        {
            foreach (var group in settings.GroupBy(s => s.Name))
            {
                if (group.Select(s => s.Source).Distinct().Count() > 1)
                    yield return $"'{group.Key}' is set in more than one place ({string.Join(", ", group.Select(s => $"{s.Value} in {s.Source}"))}); dockerd refuses to start.";
            }
            if (settings.Any(s => s.Name == DockerSettingNames.Bridge) && settings.Any(s => s.Name == DockerSettingNames.Bip))
                yield return "'bridge' and 'bip' are both set; dockerd refuses them together ('bip' configures docker0, 'bridge' names a bridge you manage).";
        }

        public static IEnumerable<string> Disagreements(DockerBridge b)
        {
            if (!b.Running) yield break;
            var bridge = b.Bridge ?? "docker0";
            if (bridge == "none")
            {
                if (b.EffectiveBridge != null) yield return $"configured bridge none, running engine uses {b.EffectiveBridge}";
                yield break;
            }
            if (b.EffectiveBridge is null)
            {
                yield return $"configured bridge {bridge}, running engine has no default bridge network";
                yield break;
            }
            if (b.EffectiveBridge != null && b.EffectiveBridge != bridge)
                yield return $"configured bridge {bridge}, running engine uses {b.EffectiveBridge}";
            if (b.FixedCidr != null && !SameNetwork(b.FixedCidr, b.EffectiveIpRange))
                yield return $"configured fixed-cidr {b.FixedCidr}, running engine hands out {b.EffectiveIpRange ?? "the whole subnet"}";
            if (b.Bip != null && InterfaceAddress.TryParse(b.Bip, out var bip, out _) &&
                (!SameNetwork(bip!.Network.ToString(), b.EffectiveSubnet) || b.EffectiveGateway != bip.Address.ToString()))
                yield return $"configured bip {b.Bip}, running engine uses {b.EffectiveGateway} in {b.EffectiveSubnet}";
            var mtu = b.Mtu ?? 1500;
            if (b.EffectiveMtu != null && b.EffectiveMtu != mtu)
                yield return $"configured mtu {mtu}, running engine uses {b.EffectiveMtu}";
        }

        public static bool SameNetwork(string? a, string? b) =>
            a != null && b != null && InterfaceAddress.TryParse(a, out var x, out _) && InterfaceAddress.TryParse(b, out var y, out _) &&
            x!.Network.Equals(y!.Network);
    }
}
