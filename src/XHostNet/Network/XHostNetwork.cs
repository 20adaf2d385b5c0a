using System;
using System.Linq;
using XHostNet.Sessions;

namespace XHostNet.Network
{
    /// <summary>A network on one host as its record says, with what differs on the host now (drift).</summary>
    public sealed class XHostNetwork
    {
        public string Name { get; set; } = "";
        public NetworkMode Mode { get; set; }
        public string Network { get; set; } = "";
        public string Subnet { get; set; } = "";
        public string BridgeAddress { get; set; } = "";
        public int Mtu { get; set; }
        public string UnderlayAddress { get; set; } = "";
        public string UnderlayInterface { get; set; } = "";
        /// <summary>The host's subnet lease in the shared store (Connect-XHostNetwork -SubnetStore): key, etcd, and whether the network claimed it; null without one.</summary>
        public NetworkLease? Lease { get; set; }
        /// <summary>The peers' hosts as the record lists them.</summary>
        public string[] Peers { get; set; } = Array.Empty<string>();
        /// <summary>What the network made on this host, one line each, in the order made.</summary>
        public string[] Made { get; set; } = Array.Empty<string>();
        /// <summary>Where the host differs from the record now, one line each; empty when it does not.</summary>
        public string[] Drift { get; set; } = Array.Empty<string>();
        public bool InSync => Drift.Length == 0;
        /// <summary>The boot configuration files Connect-XHostNetwork -Persist wrote (Disconnect-XHostNetwork removes them).</summary>
        public string[] PersistedFiles { get; set; } = Array.Empty<string>();
        public string RecordPath { get; set; } = "";
        public string Host => Session?.Host ?? "local";
        public XHostSession? Session { get; set; }

        public static XHostNetwork From(NetworkRecord record, NetworkHostRead read) => new XHostNetwork
        {
            Name = record.Name, Mode = record.Mode, Network = record.Network, Subnet = record.Subnet, BridgeAddress = record.BridgeAddress, Mtu = record.Mtu,
            UnderlayAddress = record.UnderlayAddress, UnderlayInterface = record.UnderlayInterface, Lease = record.Lease,
            Peers = record.Peers.ConvertAll(p => p.Host).ToArray(),
            Made = record.Made.ConvertAll(i => i.ToString()).ToArray(),
            Drift = record.Made.ConvertAll(i => NetworkItemPlanner.Drift(i, read)).FindAll(d => d != null).ConvertAll(d => d!).ToArray(),
            RecordPath = NetworkRecordStore.PathOf(read.RecordDirectory, record.Name),
            PersistedFiles = record.Made.FindAll(i => i.Kind == NetworkItemKind.BootConfig).SelectMany(i => i.Files?.Keys ?? Enumerable.Empty<string>()).ToArray(),
            Session = read.Session,
        };

        public override string ToString() => Name;
    }
}
