using System;
using System.Collections.Generic;
using System.Linq;
using XHostNet.Execution;

namespace XHostNet.Persistence
{
    /// <summary>
    /// The rules for a whole file XHostNet owns: written with its header; an existing file rewritten only when XHostNet
    /// wrote it for the same bridge, or, with force, replaced after a backup; removed by deleting it or putting back the
    /// file it replaced.
    /// </summary>
    public static class OwnedFiles
    {
        /// <summary>The edit that makes <paramref name="path"/> hold <paramref name="body"/> under XHostNet's header for the bridge.</summary>
        public static FileEdit Write(BridgeConfigState state, string path, string role, string bridge, string body, bool force, DateTime now)
        {
            var current = state.Text(path);
            if (current is null) return new FileEdit(path, role, null, ConfigMarker.FileHeader(bridge, null) + body);
            var header = ConfigMarker.ReadFileHeader(current);
            if (header?.Bridge == bridge)
            {
                var kept = header.Value.BackupName;
                return new FileEdit(path, role, current, ConfigMarker.FileHeader(bridge, kept) + body) { KeptBackup = kept is null ? null : Sibling(path, kept) };
            }
            if (header != null) throw OtherBridge(state, path, header.Value.Bridge, bridge);
            if (!force) throw Foreign(state, path);
            var backup = BackupName(path, now);
            return new FileEdit(path, role, current, ConfigMarker.FileHeader(bridge, BridgeConfigPaths.FileName(backup)) + body) { Backup = backup, KeptBackup = backup };
        }

        /// <summary>Every file the state holds that XHostNet wrote for the bridge, with the backup its header names.</summary>
        public static IEnumerable<(string Path, string Content, string? BackupName)> Of(BridgeConfigState state, string bridge) =>
            state.Files.Where(f => f.Value != null)
                .Select(f => (f.Key, f.Value!, Header: ConfigMarker.ReadFileHeader(f.Value!)))
                .Where(f => f.Header?.Bridge == bridge)
                .OrderBy(f => f.Key, StringComparer.Ordinal)
                .Select(f => (f.Key, f.Item2, f.Header!.Value.BackupName));

        /// <summary>
        /// The edit that removes an owned file: the file it replaced put back (and that backup deleted), else the file
        /// deleted. A backup its header names but that is gone leaves the file in place, with a warning, rather than
        /// losing the host's own configuration that the file carries.
        /// </summary>
        public static FileEdit? Remove(BridgeConfigState state, string path, string content, string? backupName, ICollection<string> warnings)
        {
            if (backupName is null) return new FileEdit(path, "Removed", content, null);
            var backup = Sibling(path, backupName);
            if (!state.Files.TryGetValue(backup, out var original) || original is null)
            {
                warnings.Add($"{path} on host '{state.Session.Host}' replaced a file kept as {backup}, which is gone or not a regular file: " +
                             $"{path} is left in place (remove it yourself once its settings are elsewhere).");
                return null;
            }
            return new FileEdit(path, "Restored", content, original) { RestoredBackup = backup };
        }

        /// <summary>
        /// A backup name beside the file, in Set-DockerBridge's style, ending in .bak: network-scripts and NetworkManager's
        /// ifcfg-rh plugin skip *.bak, where they would read "ifcfg-eth0.xhostnet-…" as a second eth0 configuration.
        /// </summary>
        public static string BackupName(string path, DateTime now) => HostFile.BackupName(path, now) + ".bak";

        public static string Sibling(string path, string name) => BridgeConfigPaths.Directory(path) + "/" + name;

        public static XHostException Foreign(BridgeConfigState state, string path) =>
            new XHostException(XHostErrorKind.Conflict, ErrorIds.BridgeConfigFileExists,
                $"{path} on host '{state.Session.Host}' exists and XHostNet did not write it; it is not overwritten. Move it away, or use -Force to replace it " +
                "(it is kept as a backup beside it and put back on removal). Nothing was changed.");

        public static XHostException OtherBridge(BridgeConfigState state, string path, string owner, string bridge) =>
            new XHostException(XHostErrorKind.Conflict, ErrorIds.BridgeConfigFileExists,
                $"{path} on host '{state.Session.Host}' is XHostNet's configuration of bridge {owner}, not {bridge}; remove that first (Remove-LinuxBridgeConfig -Bridge {owner}). Nothing was changed.");
    }
}
