using System;
using System.Collections.Generic;
using System.Linq;

namespace XHostNet.Docker
{
    /// <summary>The dockerd bridge settings XHostNet manages, by their daemon.json names.</summary>
    public static class DockerSettingNames
    {
        public const string Bridge = "bridge";
        public const string Bip = "bip";
        public const string FixedCidr = "fixed-cidr";
        public const string Mtu = "mtu";
        public const string DefaultAddressPools = "default-address-pools";

        public static readonly IReadOnlyList<string> All = new[] { Bridge, Bip, FixedCidr, Mtu, DefaultAddressPools };

        /// <summary>dockerd's command-line spellings of each setting (daemon.json name → flags).</summary>
        public static readonly IReadOnlyDictionary<string, string[]> Flags = new Dictionary<string, string[]>
        {
            [Bridge] = new[] { "-b", "--bridge" },
            [Bip] = new[] { "--bip" },
            [FixedCidr] = new[] { "--fixed-cidr" },
            [Mtu] = new[] { "--mtu" },
            [DefaultAddressPools] = new[] { "--default-address-pool" },
        };

        public static string? FromFlag(string flag) => Flags.FirstOrDefault(f => f.Value.Contains(flag)).Key;

        public static string ToFlag(string name) => Flags[name].Last();
    }
}
