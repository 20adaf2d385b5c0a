using System;
using System.Collections.Generic;
using System.Linq;
using XHostNet.Execution;
using XHostNet.Planning;
using XHostNet.Sessions;

namespace XHostNet.Persistence
{
    /// <summary>
    /// Plans writing a bridge's boot configuration, and removing it, as one change round trip: every file written
    /// atomically and only while it is still what was read (compare-and-swap), files that were not XHostNet's backed up
    /// first, the files read back in the same trip, and the undo of all of it if any step fails. -WhatIf shows each
    /// file's new content.
    /// </summary>
    public static class BridgeConfigPlanner
    {
        public static IBridgeConfigWriter WriterFor(BridgeConfigFormat format) => format switch
        {
            BridgeConfigFormat.NetworkScripts => new NetworkScriptsWriter(),
            BridgeConfigFormat.Ifupdown => new IfupdownWriter(),
            _ => new SystemdNetworkdWriter(),
        };

        /// <summary>
        /// Writes the spec in <paramref name="format"/> (null: the one the host uses) and removes whatever else XHostNet
        /// kept for the bridge (a port no longer in it, the files of another format written before). An existing file
        /// XHostNet did not write is refused unless <paramref name="force"/>.
        /// </summary>
        public static ChangePlan<LinuxBridgeConfig> PlanSave(BridgeConfigState state, BridgeConfigSpec spec, BridgeConfigFormat? format, bool force, DateTime now,
            IEnumerable<string>? warnings = null) => PlanSave(state, spec, format, force, now, warnings, out _);

        /// <summary>
        /// As above, with every file's planned edit: a caller that records what it wrote (Connect-XHostNetwork -Persist
        /// keeps each file's hash, for drift) takes the contents from the plan itself, since a backup's name is random.
        /// </summary>
        public static ChangePlan<LinuxBridgeConfig> PlanSave(BridgeConfigState state, BridgeConfigSpec spec, BridgeConfigFormat? format, bool force, DateTime now,
            IEnumerable<string>? warnings, out IReadOnlyList<FileEdit> planned)
        {
            spec.Validate();
            var chosen = format ?? BridgeConfigDetector.Detect(state);
            var notes = new List<string>(warnings ?? Array.Empty<string>());
            var edits = WriterFor(chosen).Save(state, spec, force, now, notes).ToList();
            edits.AddRange(Leftovers(state, spec.Bridge, edits.Select(e => e.Path), notes));
            planned = edits;
            return Plan(state, spec.Bridge, chosen, edits, notes, $"boot configuration of bridge {spec.Bridge} ({chosen})");
        }

        /// <summary>Removes everything XHostNet keeps for the bridge, in any format: its files deleted or the files they replaced put back, its blocks and comments gone.</summary>
        public static ChangePlan<LinuxBridgeConfig> PlanRemove(BridgeConfigState state, string bridge)
        {
            var notes = new List<string>();
            var edits = Leftovers(state, bridge, Array.Empty<string>(), notes).ToList();
            return Plan(state, bridge, null, edits, notes, $"boot configuration of bridge {bridge}");
        }

        /// <summary>What XHostNet keeps for the bridge on the host now (no files when nothing).</summary>
        public static LinuxBridgeConfig Current(BridgeConfigState state, string bridge)
        {
            var files = OwnedFiles.Of(state, bridge).Select(f => new PersistedFile
            {
                Path = f.Path,
                Role = RoleOf(f.Path, f.Content, bridge),
                Backup = f.BackupName is null ? null : OwnedFiles.Sibling(f.Path, f.BackupName),
            }).ToList();
            if (state.Interfaces != null && IfupdownWriter.HasOwn(state.Interfaces, bridge))
                files.Insert(0, new PersistedFile { Path = state.PathOf(BridgeConfigPaths.Interfaces), Role = "Block" });
            return new LinuxBridgeConfig
            {
                Bridge = bridge,
                Format = files.Count == 0 ? null : FormatOf(files[files.Count - 1].Path, state),
                Root = state.Root,
                Files = files.ToArray(),
                Session = state.Session,
            };
        }

        // XHostNet's files for the bridge that the new configuration does not keep, and its block and comments in
        // /etc/network/interfaces unless that file is kept.
        private static IEnumerable<FileEdit> Leftovers(BridgeConfigState state, string bridge, IEnumerable<string> keep, ICollection<string> warnings)
        {
            var kept = new HashSet<string>(keep, StringComparer.Ordinal);
            var main = state.PathOf(BridgeConfigPaths.Interfaces);
            if (!kept.Contains(main) && state.Interfaces != null && IfupdownWriter.HasOwn(state.Interfaces, bridge))
                yield return new FileEdit(main, "Block", state.Interfaces, IfupdownWriter.Clean(state.Interfaces, bridge));
            foreach (var f in OwnedFiles.Of(state, bridge).Where(f => !kept.Contains(f.Path)))
            {
                if (OwnedFiles.Remove(state, f.Path, f.Content, f.BackupName, warnings) is FileEdit removal) yield return removal;
            }
        }

        private static ChangePlan<LinuxBridgeConfig> Plan(BridgeConfigState state, string bridge, BridgeConfigFormat? format, List<FileEdit> edits,
            List<string> warnings, string target)
        {
            var session = state.Session;
            var changing = edits.Where(e => e.Changes).ToList();
            var commands = new List<IReadOnlyList<string>>();
            var undo = new List<IReadOnlyList<string>>();
            var details = new List<string>();
            foreach (var e in changing)
            {
                if (e.New != null)
                {
                    commands.Add(HostFile.WriteAtomically(e.Path, e.New, e.Old is null ? HostFile.Absent : HostFile.Sha256(e.Old), e.Backup));
                    undo.Add(e.Old is null ? HostFile.RemoveIfUnchanged(e.Path, HostFile.Sha256(e.New)) : HostFile.WriteAtomically(e.Path, e.Old, HostFile.Sha256(e.New)));
                    if (e.Backup != null) undo.Add(HostFile.RemoveIfUnchanged(e.Backup, HostFile.Sha256(e.Old!)));
                }
                else
                {
                    commands.Add(HostFile.RemoveIfUnchanged(e.Path, HostFile.Sha256(e.Old!)));
                    undo.Add(HostFile.WriteAtomically(e.Path, e.Old!, HostFile.Absent));
                }
                if (e.RestoredBackup != null)
                {
                    commands.Add(HostFile.RemoveIfUnchanged(e.RestoredBackup, HostFile.Sha256(e.New!)));
                    undo.Add(HostFile.WriteAtomically(e.RestoredBackup, e.New!, HostFile.Absent));
                }
                details.Add(Describe(e));
                if (e.New != null && e.RestoredBackup is null) details.AddRange(e.New.TrimEnd('\n').Split('\n').Select(l => "  " + l));
            }
            undo.Reverse();
            undo = undo.Select(OnlyIfOurs).ToList();
            var after = Result(state, bridge, format, edits);
            var plan = new ChangePlan<LinuxBridgeConfig>(session, target, commands, changing.Count == 0 ? after : Current(state, bridge))
            {
                RollbackCommands = undo,
                ExplainFailure = r => ExplainWrite(r, session),
            };
            plan.Warnings.AddRange(warnings);
            plan.Details.AddRange(details);
            var reads = changing.Select(e => ReadCommand(e.Path)).ToList();
            return plan.WithReadBack(reads, results =>
            {
                for (var i = 0; i < changing.Count; i++)
                {
                    var e = changing[i];
                    var r = results[i];
                    var now = r.Succeeded ? r.StandardOutput : r.ExitCode == 3 ? null : throw new HostCommandException(r);
                    if (now != e.New)
                    {
                        throw new XHostException(XHostErrorKind.Failed, ErrorIds.BridgeConfigChanged,
                            $"{e.Path} on host '{session.Host}' reads back " + (now is null ? "as missing" : e.New is null ? "as still there" : "with other content") +
                            " right after it was written (another writer?).");
                    }
                }
                return after;
            });
        }

        private static LinuxBridgeConfig Result(BridgeConfigState state, string bridge, BridgeConfigFormat? format, IEnumerable<FileEdit> edits)
        {
            var files = edits.Where(e => e.New != null && e.RestoredBackup is null && (e.Role != "Block" || IfupdownWriter.HasOwn(e.New, bridge)))
                .Select(e => new PersistedFile { Path = e.Path, Role = e.Role, Backup = e.KeptBackup }).ToArray();
            return new LinuxBridgeConfig
            {
                Bridge = bridge,
                Format = files.Length == 0 ? null : format,
                Root = state.Root,
                Files = files,
                Backups = edits.Where(e => e.Backup != null && e.Changes).Select(e => e.Backup!).ToArray(),
                Session = state.Session,
            };
        }

        private static string Describe(FileEdit e)
        {
            if (e.RestoredBackup != null) return $"{e.Path}: put back from {e.RestoredBackup} (the file XHostNet replaced), which is then deleted";
            if (e.New is null) return $"{e.Path}: deleted (XHostNet wrote it)";
            if (e.Old is null) return $"{e.Path}: new file (sent on standard input):";
            return $"{e.Path}: replaced" + (e.Backup is null ? "" : $", the old one kept as {e.Backup}") + ", new content (sent on standard input):";
        }

        private static string RoleOf(string path, string content, string bridge)
        {
            var name = BridgeConfigPaths.FileName(path);
            if (name.StartsWith("route", StringComparison.Ordinal)) return "Routes";
            var iface = name.StartsWith("ifcfg-", StringComparison.Ordinal) ? NetworkScriptsWriter.Device(content) ?? name.Substring(6)
                : name.StartsWith(BridgeConfigPaths.NetworkdPrefix, StringComparison.Ordinal) ? name.Substring(BridgeConfigPaths.NetworkdPrefix.Length, name.LastIndexOf('.') - BridgeConfigPaths.NetworkdPrefix.Length)
                : bridge;
            return iface == bridge ? "Bridge" : "Port " + iface;
        }

        private static BridgeConfigFormat FormatOf(string path, BridgeConfigState state) =>
            path.StartsWith(state.PathOf(BridgeConfigPaths.NetworkScripts) + "/", StringComparison.Ordinal) ? BridgeConfigFormat.NetworkScripts
            : path.StartsWith(state.PathOf(BridgeConfigPaths.Networkd) + "/", StringComparison.Ordinal) ? BridgeConfigFormat.SystemdNetworkd
            : BridgeConfigFormat.Ifupdown;

        /// <summary>
        /// An undo step that is done when the file no longer holds what this change wrote: the undo runs for every edit,
        /// also those after the one that failed (never written), and a file another writer changed since is theirs now.
        /// Either way there is nothing of ours to put back, and overwriting it would lose their content.
        /// </summary>
        private static IReadOnlyList<string> OnlyIfOurs(IReadOnlyList<string> undo)
        {
            var argv = new[] { "sh", "-c", $"\"$@\"; r=$?; if [ $r -eq {HostFile.ChangedExitCode} ]; then exit 0; fi; exit $r", "sh" }.Concat(undo).ToList();
            return undo is CommandWithInput withInput ? new CommandWithInput(argv, withInput.Input) : (IReadOnlyList<string>)argv;
        }

        /// <summary>Reads a file back: its text, exit 3 when it is missing.</summary>
        private static IReadOnlyList<string> ReadCommand(string path) =>
            new[] { "sh", "-c", "[ -e \"$1\" ] || exit 3; exec cat -- \"$1\"", "sh", path };

        private static XHostException? ExplainWrite(CommandResult result, XHostSession session) => result.ExitCode switch
        {
            HostFile.ChangedExitCode when result.StandardError.Contains("xhostnet:") => new XHostException(XHostErrorKind.Conflict, ErrorIds.BridgeConfigChanged,
                $"A configuration file on host '{session.Host}' changed since it was read (another writer?); run the command again to plan on its new content."),
            HostFile.NotRegularExitCode when result.StandardError.Contains("xhostnet:") => new XHostException(XHostErrorKind.InvalidArgument, ErrorIds.BridgeConfigNotRegularFile,
                $"A configuration file on host '{session.Host}' is not a regular file (a device, directory or FIFO); XHostNet replaces only regular files."),
            _ => null,
        };
    }
}
