using System;
using System.Linq;
using XHostNet.Sessions;

namespace XHostNet.Persistence
{
    /// <summary>
    /// The boot-time configuration XHostNet keeps for one bridge on one host: which format, under which root, and every
    /// file it wrote, so the whole of it can be removed again exactly (Remove-LinuxBridgeConfig, Disconnect-XHostNetwork).
    /// </summary>
    public sealed class LinuxBridgeConfig
    {
        public string Bridge { get; set; } = "";
        /// <summary>The format written; null when nothing is persisted for the bridge (after a removal).</summary>
        public BridgeConfigFormat? Format { get; set; }
        /// <summary>The directory the configuration paths are under: / on a real host, a temporary directory in tests.</summary>
        public string Root { get; set; } = "/";
        public PersistedFile[] Files { get; set; } = Array.Empty<PersistedFile>();
        /// <summary>Backups this change made of files it replaced or edited (kept on the host).</summary>
        public string[] Backups { get; set; } = Array.Empty<string>();
        public string Host => Session?.Host ?? "local";
        public XHostSession? Session { get; set; }

        public override string ToString() => $"{Bridge} ({Format?.ToString() ?? "not persisted"}: {string.Join(", ", Files.Select(f => f.Path))})";
    }
}
