using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using XHostNet.Execution;
using XHostNet.Linux;
using XHostNet.Planning;
using XHostNet.Sessions;

namespace XHostNet.Docker
{
    /// <summary>
    /// Plans a daemon.json change (every other key kept), written atomically after a backup, and optionally the restart
    /// that applies it: restart, wait until the engine answers, check the settings are in effect — or put the old file
    /// back and restart again.
    /// </summary>
    public static class DockerBridgePlanner
    {
        public static ChangePlan<DockerBridge> PlanSet(DockerHostState state, DockerBridgeSpec spec, DateTime now)
        {
            spec.Validate();
            var session = state.Session;
            var path = state.ConfigPath;
            var config = (JsonObject?)state.Config?.DeepClone() ?? new JsonObject();
            var changes = new Dictionary<string, JsonNode?>();
            if (spec.Bridge != null) changes[DockerSettingNames.Bridge] = JsonValue.Create(spec.Bridge);
            if (spec.Bip != null) changes[DockerSettingNames.Bip] = JsonValue.Create(spec.Bip.ToString());
            if (spec.FixedCidr != null) changes[DockerSettingNames.FixedCidr] = JsonValue.Create(spec.FixedCidr.ToString());
            if (spec.Mtu is int mtu) changes[DockerSettingNames.Mtu] = JsonValue.Create(mtu);
            if (spec.DefaultAddressPools != null) changes[DockerSettingNames.DefaultAddressPools] = Pools(spec.DefaultAddressPools);
            foreach (var name in spec.Clear) changes[name] = null;

            foreach (var change in changes)
            {
                if (change.Value is null) config.Remove(change.Key);
                else config[change.Key] = change.Value;
            }

            // The new file: daemon.json with every other key kept, or a sysconfig file with its OPTIONS flags replaced.
            string content;
            IReadOnlyList<DockerSetting> fileSettings;
            bool unchanged;
            if (state.SysconfigFormat)
            {
                var words = SysconfigOptions.Find(state.ConfigText ?? "", path)?.Words ?? Array.Empty<string>();
                var single = changes.Where(c => c.Key != DockerSettingNames.DefaultAddressPools)
                    .ToDictionary(c => c.Key, c => c.Value is null ? null : c.Value is JsonValue v && v.TryGetValue<string>(out var text) ? text : c.Value.ToJsonString());
                if (changes.ContainsKey(DockerSettingNames.DefaultAddressPools)) single[DockerSettingNames.DefaultAddressPools] = null;
                var newWords = DockerFlags.Replace(words, single).ToList();
                if (spec.DefaultAddressPools != null) newWords.AddRange(spec.DefaultAddressPools.Select(p => "--default-address-pool=" + p));
                content = SysconfigOptions.Rewrite(state.ConfigText ?? "", path, newWords);
                fileSettings = DockerBridgeReader.SysconfigSettings(content, path);
                unchanged = state.ConfigExists && words.SequenceEqual(newWords);
            }
            else
            {
                content = Serialize(config);
                fileSettings = DockerBridgeReader.FileSettings(config, path);
                unchanged = state.ConfigExists && JsonNode.DeepEquals(config, state.Config);
            }

            // Refuse up front what dockerd would refuse at start, naming where each half comes from.
            var after = fileSettings.Concat(state.FlagSettings).ToList();
            var conflicts = DockerBridgeRules.Conflicts(after).ToList();
            if (conflicts.Count > 0)
            {
                throw new XHostException(XHostErrorKind.Conflict, ErrorIds.DockerSettingsConflict,
                    $"dockerd on host '{session.Host}' would refuse this configuration: {string.Join(" ", conflicts)} Nothing was changed." +
                    (after.Any(a => a.Name == DockerSettingNames.Bip) && after.Any(a => a.Name == DockerSettingNames.Bridge) ? " Use -Clear bip or -Clear bridge to drop the other one." : ""));
            }
            CheckFixedCidr(state, after);

            var target = $"dockerd bridge settings in {path}";
            var current = state.ToBridge();
            var commands = new List<IReadOnlyList<string>>();
            var rollback = new List<IReadOnlyList<string>>();
            // Compare-and-swap: the write happens only while the file is still what was read, so two callers never both
            // "win"; the undo is the same kind of write (the old content, only while the file still holds ours), so it
            // never puts back what another caller wrote.
            var backup = state.ConfigExists ? HostFile.BackupName(path, now) : null;
            if (!unchanged)
            {
                commands.Add(HostFile.WriteAtomically(path, content, state.ConfigExists ? HostFile.Sha256(state.ConfigText ?? "") : HostFile.Absent, backup));
                rollback.Add(state.ConfigExists
                    ? HostFile.WriteAtomically(path, state.ConfigText ?? "", HostFile.Sha256(content))
                    : HostFile.RemoveIfUnchanged(path, HostFile.Sha256(content)));
            }
            // Restart when asked and the engine does not run the asked settings yet (or the file changes).
            var needsRestart = spec.Restart && (!unchanged || !current.Running || current.Disagreements.Length > 0);
            var plan = new ChangePlan<DockerBridge>(session, target, commands, current) { RollbackCommands = rollback, ExplainFailure = r => ExplainWrite(r, path, session) };
            if (!unchanged)
            {
                plan.Details.Add($"{path} after the change (sent on standard input)" + (backup is null ? ":" : $", the old one kept as {backup}:"));
                plan.Details.AddRange(content.TrimEnd('\n').Split('\n'));
            }
            if (needsRestart)
            {
                var restart = RestartCommand(state);
                commands.Add(restart);
                commands.Add(DockerCli.WaitUntilAnswering(session, spec.WaitSeconds));
                rollback.Add(restart);
                rollback.Add(DockerCli.WaitUntilAnswering(session, spec.WaitSeconds));
                plan.FailureErrorId = ErrorIds.DockerRestartFailed;
                plan.FailureHint = $"dockerd did not come back (within {spec.WaitSeconds} s) with the new settings; see its log." +
                                   (unchanged ? "" : $" The previous {path} was put back.");
                plan.Timeout = TimeSpan.FromSeconds(2 * spec.WaitSeconds + 60);
            }
            else if (!unchanged)
            {
                plan.Warnings.Add($"dockerd on host '{session.Host}' reads {path} when it starts: restart it (Set-DockerBridge -Restart) for the new settings to take effect.");
            }
            return plan.WithAsyncReadBack(async ct =>
                {
                    var now2 = await DockerBridgeReader.ReadAsync(session, path, ct).ConfigureAwait(false);
                    var bridge = now2.ToBridge();
                    if (needsRestart && (!bridge.Running || bridge.Disagreements.Length > 0))
                    {
                        throw new XHostException(XHostErrorKind.Failed, ErrorIds.DockerRestartFailed,
                            $"dockerd on host '{session.Host}' restarted but does not run the new settings: " +
                            (bridge.Running ? string.Join("; ", bridge.Disagreements) : "it does not answer") + ".");
                    }
                    return bridge;
                });
        }

        /// <summary>The write's own refusals as the module's errors: the file changed since it was read, or it is not a regular file.</summary>
        private static XHostException? ExplainWrite(CommandResult result, string path, XHostSession session) => result.ExitCode switch
        {
            HostFile.ChangedExitCode when result.StandardError.Contains("xhostnet:") => new XHostException(XHostErrorKind.Conflict, ErrorIds.DockerConfigChanged,
                $"{path} on host '{session.Host}' changed since it was read (another writer?); nothing was written. Run Set-DockerBridge again to apply the change to its new content."),
            HostFile.NotRegularExitCode when result.StandardError.Contains("xhostnet:") => new XHostException(XHostErrorKind.InvalidArgument, ErrorIds.DockerConfigNotRegularFile,
                $"{path} on host '{session.Host}' is not a regular file (a device, directory or FIFO); XHostNet replaces only regular files. Nothing was written."),
            _ => null,
        };

        private static void CheckFixedCidr(DockerHostState state, IReadOnlyList<DockerSetting> settings)
        {
            var bridgeName = settings.LastOrDefault(s => s.Name == DockerSettingNames.Bridge)?.Value;
            var fixedCidr = settings.LastOrDefault(s => s.Name == DockerSettingNames.FixedCidr)?.Value;
            if (bridgeName == "none" && fixedCidr != null)
                throw new XHostException(XHostErrorKind.InvalidArgument, ErrorIds.FixedCidrWithoutBridge,
                    $"fixed-cidr {fixedCidr} needs a bridge, but bridge is 'none' on host '{state.Session.Host}'. Nothing was changed.");
            // dockerd creates docker0 itself, and only that; any other bridge must exist already.
            if (bridgeName != null && bridgeName != "none" && bridgeName != "docker0" && !state.Links.Any(l => l.Name == bridgeName))
                throw new XHostException(XHostErrorKind.NotFound, ErrorIds.DockerBridgeNotFound,
                    $"There is no interface '{bridgeName}' on host '{state.Session.Host}'; dockerd -b needs an existing bridge (New-LinuxBridge). Nothing was changed.");
            if (fixedCidr is null || !InterfaceAddress.TryParse(fixedCidr, out var slice, out _)) return;
            var bip = settings.LastOrDefault(s => s.Name == DockerSettingNames.Bip)?.Value;
            IReadOnlyList<InterfaceAddress> networks;
            string where;
            if (bridgeName != null)
            {
                var link = state.Links.FirstOrDefault(l => l.Name == bridgeName) ?? throw new XHostException(XHostErrorKind.NotFound, ErrorIds.DockerBridgeNotFound,
                    $"There is no interface '{bridgeName}' on host '{state.Session.Host}'; dockerd -b needs an existing bridge (New-LinuxBridge). Nothing was changed.");
                if (link.Kind != "bridge")
                    throw new XHostException(XHostErrorKind.InvalidArgument, ErrorIds.DockerBridgeNotABridge, $"'{bridgeName}' on host '{state.Session.Host}' is not a Linux bridge. Nothing was changed.");
                networks = link.Addresses.Where(a => a.IsConfigured).Select(a => a.Address.Network).ToList();
                where = $"bridge {bridgeName} ({(networks.Count == 0 ? "no address" : string.Join(", ", networks))})";
            }
            else if (bip != null && InterfaceAddress.TryParse(bip, out var b, out _))
            {
                networks = new[] { b!.Network };
                where = $"bip {bip}";
            }
            else return; // docker0 with its default subnet: dockerd checks that itself
            if (!networks.Any(n => n.PrefixLength <= slice!.PrefixLength && n.Contains(slice.Address)))
            {
                throw new XHostException(XHostErrorKind.InvalidArgument, ErrorIds.FixedCidrOutsideBridge,
                    $"fixed-cidr {fixedCidr} is not inside the subnet of {where} on host '{state.Session.Host}'; dockerd would refuse it. Nothing was changed.");
            }
        }

        /// <summary>The restart that fits the host: the session's own command, systemd, or the SysV service.</summary>
        private static IReadOnlyList<string> RestartCommand(DockerHostState state)
        {
            if (state.Session.DockerRestartCommand is { Count: > 0 } own) return own;
            if (state.Systemd) return new[] { "systemctl", "restart", "docker" };
            if (state.SysVService) return new[] { "service", "docker", "restart" };
            throw new XHostException(XHostErrorKind.InvalidArgument, ErrorIds.DockerRestartUnknown,
                $"Host '{state.Session.Host}' runs dockerd neither as a systemd nor as a SysV service, so XHostNet cannot restart it. " +
                "Make the session with -DockerRestartCommand (the command that restarts it there), or restart it yourself. Nothing was changed.");
        }

        private static JsonArray Pools(IEnumerable<string> pools)
        {
            var array = new JsonArray();
            foreach (var pool in pools)
            {
                var parts = pool.Split(',').Select(p => p.Split(new[] { '=' }, 2)).ToDictionary(p => p[0].Trim(), p => p.Length > 1 ? p[1].Trim() : "");
                array.Add(new JsonObject { ["base"] = parts["base"], ["size"] = int.Parse(parts["size"], CultureInfo.InvariantCulture) });
            }
            return array;
        }

        public static string Serialize(JsonObject config) =>
            config.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";

    }
}
