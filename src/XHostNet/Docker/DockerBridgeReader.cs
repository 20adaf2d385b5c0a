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
    /// <summary>Reads a host's dockerd configuration, flags and running bridge network.</summary>
    public static class DockerBridgeReader
    {
        public const string DefaultConfigPath = "/etc/docker/daemon.json";
        public const string SysconfigPath = "/etc/sysconfig/docker";

        /// <summary>
        /// Reads what dockerd on the session's host is configured with and runs with. Without <paramref name="configPath"/>
        /// the file is the one the dockerd serving the session's endpoint reads (its --config-file, else
        /// /etc/docker/daemon.json); when that cannot be told, reading falls back to /etc/docker/daemon.json, but a
        /// write (<paramref name="forWrite"/>) is refused, as is writing a daemon.json the running dockerd does not read.
        /// </summary>
        public static async System.Threading.Tasks.Task<DockerHostState> ReadAsync(XHostSession session, string? configPath, System.Threading.CancellationToken ct,
            bool forWrite = false)
        {
            // One round trip for the usual host; a second one only for config files that running dockerds name.
            var guess = configPath ?? DefaultConfigPath;
            var first = Complete(await session.RunBatchAsync(new[]
            {
                new[] { "cat", SysconfigPath },
                new[] { "systemctl", "show", "docker", "--property=ExecStart", "--value" },
                DockerCli.Command(session, "network", "inspect", "bridge"),
                new[] { "test", "-d", "/run/systemd/system" },
                new[] { "test", "-x", "/etc/init.d/docker" },
                IpJson.ShowLinksCommand,
                DockerCli.Command(session, "version", "--format", "{{.Server.Version}}"),
                new[] { "pgrep", "-a", "-x", "dockerd" },
                ReadFile(guess),
            }, stopOnError: false, ct).ConfigureAwait(false), session);
            var r = first.Results;
            var state = new DockerHostState { Session = session, Systemd = r[3].Succeeded, SysVService = r[4].Succeeded, EngineRunning = r[6].Succeeded };
            if (!r[6].Succeeded && r[6].ExitCode == 127) throw DockerCli.Explain(r[6], session)!;
            state.Links = IpJson.ParseLinks(r[5].EnsureSuccess().StandardOutput);
            var sysconfig = r[0].Succeeded ? r[0].StandardOutput : null;
            var execStart = r[1].Succeeded ? ExecStartArguments(r[1].StandardOutput) : Array.Empty<string>();
            if (r[2].Succeeded) state.BridgeNetwork = ParseBridgeNetwork(r[2].StandardOutput, r[2].CommandLine, session.Host);

            // The running dockerds and the config files they name, then the one serving this session's endpoint.
            var daemons = state.EngineRunning && r[7].Succeeded ? RunningDaemons(r[7].StandardOutput) : new List<IReadOnlyList<string>>();
            var texts = new Dictionary<string, CommandResult> { [guess] = r[8] };
            async System.Threading.Tasks.Task ReadFiles(IEnumerable<string> files)
            {
                var missing = files.Where(f => !texts.ContainsKey(f)).Distinct().ToList();
                if (missing.Count == 0) return;
                var reads = Complete(await session.RunBatchAsync(missing.Select(ReadFile).ToList(), stopOnError: false, ct).ConfigureAwait(false), session);
                for (var i = 0; i < missing.Count; i++) texts[missing[i]] = reads.Results[i];
            }
            await ReadFiles(daemons.Select(ConfigFileOf).Where(f => f != null).Select(f => f!)).ConfigureAwait(false);
            string? Text(string f) => texts.TryGetValue(f, out var t) && t.Succeeded ? t.StandardOutput : null;
            var daemon = ServingDaemon(daemons, DockerCli.EndpointOf(session), Text);
            var inUse = state.EngineRunning
                ? daemon is null ? null : ConfigFileOf(daemon) ?? DefaultConfigPath
                : ConfigFileOf(execStart) ?? (sysconfig is null ? null : ConfigFileOfSysconfig(sysconfig)) ??
                  (session.DockerHost is null || DockerCli.EndpointOf(session) == DockerCli.DefaultEndpoint ? DefaultConfigPath : null);

            var path = configPath ?? inUse;
            if (path is null && forWrite)
            {
                throw new XHostException(XHostErrorKind.InvalidArgument, ErrorIds.DockerConfigPathUnknown,
                    $"XHostNet cannot tell which daemon.json the dockerd at {DockerCli.EndpointOf(session)} on host '{session.Host}' reads " +
                    (state.EngineRunning ? "(no running dockerd, or more than one, matches that endpoint)" : "(it is not running and no service names its --config-file)") +
                    ". Give -ConfigPath; nothing was changed.");
            }
            path ??= DefaultConfigPath;
            if (forWrite && configPath != null && inUse != null && state.EngineRunning && configPath != inUse && !IsSysconfig(configPath, Text(configPath)))
            {
                throw new XHostException(XHostErrorKind.InvalidArgument, ErrorIds.DockerConfigNotInUse,
                    $"The dockerd at {DockerCli.EndpointOf(session)} on host '{session.Host}' reads {inUse}, not {configPath}: a change there would never take effect. " +
                    "Give -ConfigPath " + inUse + " (or leave -ConfigPath out); nothing was changed.");
            }
            state.ConfigPath = path;
            await ReadFiles(new[] { path }).ConfigureAwait(false);
            var file = texts[path];
            if (file.ExitCode == HostFile.NotRegularExitCode)
            {
                throw new XHostException(XHostErrorKind.InvalidArgument, ErrorIds.DockerConfigNotRegularFile,
                    $"{path} on host '{session.Host}' is not a regular file (a device, directory or FIFO); XHostNet reads and replaces only regular files. Nothing was changed.");
            }
            if (file.Succeeded)
            {
                state.ConfigExists = true;
                state.ConfigText = file.StandardOutput;
            }
            else if (!file.StandardError.Contains("No such file"))
            {
                throw new HostCommandException(file);
            }
            state.SysconfigFormat = IsSysconfig(path, state.ConfigText);
            if (state.SysconfigFormat) state.FileSettings = SysconfigSettings(state.ConfigText ?? "", path);
            else if (state.ConfigExists)
            {
                state.Config = ParseConfig(state.ConfigText!, path, session);
                state.FileSettings = FileSettings(state.Config, path);
            }

            var flags = new List<DockerSetting>();
            if (sysconfig != null && path != SysconfigPath) flags.AddRange(SysconfigSettingsOrNone(sysconfig));
            flags.AddRange(DockerFlags.Parse(execStart, "systemd ExecStart"));
            if (daemon != null) flags.AddRange(RunningDaemonSettings(state, daemon, Text, flags));
            state.FlagSettings = flags;
            return state;
        }

        /// <summary>Reads a config file (following a symlink); anything but a regular file is exit 76, "No such file" when missing.</summary>
        private static IReadOnlyList<string> ReadFile(string path) => new[]
        {
            "sh", "-c", "if [ -e \"$1\" ] && [ ! -f \"$1\" ]; then echo \"xhostnet: $1 is not a regular file\" >&2; exit 76; fi; exec cat -- \"$1\"", "sh", path,
        };

        /// <summary>A read batch that did not finish (timed out, killed) is an error naming the command it was in, not a short result list.</summary>
        private static BatchResult Complete(BatchResult batch, XHostSession session)
        {
            if (batch.NotRun.Count == 0) return batch;
            var last = batch.Results.LastOrDefault();
            throw new XHostException(last?.TimedOut == true ? XHostErrorKind.Unavailable : XHostErrorKind.Failed, ErrorIds.DockerReadFailed,
                $"Reading dockerd's settings on host '{session.Host}' did not finish: " +
                (last is null ? "the batch reported nothing" : $"'{last.CommandLine}' " + (last.TimedOut ? "timed out" : $"ended the batch (exit {last.ExitCode})")) + ".");
        }

        /// <summary>The dockerd processes in pgrep -a output (PID, then the argv joined by spaces), each as its argv.</summary>
        public static List<IReadOnlyList<string>> RunningDaemons(string pgrepOutput) =>
            pgrepOutput.Split('\n').Select(l => DockerFlags.Fields(l).Skip(1).ToList())
                .Where(w => w.Count > 0 && w[0].EndsWith("dockerd", StringComparison.Ordinal)).Select(w => (IReadOnlyList<string>)w).ToList();

        /// <summary>The argv in systemctl show --property=ExecStart --value output ("{ path=… ; argv[]=dockerd -H fd:// ; … }").</summary>
        public static IReadOnlyList<string> ExecStartArguments(string output)
        {
            var at = output.IndexOf("argv[]=", StringComparison.Ordinal);
            if (at < 0) return Array.Empty<string>();
            var argv = output.Substring(at + 7);
            var end = argv.IndexOf(" ;", StringComparison.Ordinal);
            return DockerFlags.Fields(end >= 0 ? argv.Substring(0, end) : argv);
        }

        /// <summary>The file a dockerd argv names with --config-file (null: dockerd's default).</summary>
        public static string? ConfigFileOf(IReadOnlyList<string> argv)
        {
            for (var i = 0; i < argv.Count; i++)
            {
                if (argv[i].StartsWith("--config-file=", StringComparison.Ordinal)) return NullIfEmpty(argv[i].Substring("--config-file=".Length));
                if (argv[i] == "--config-file") return i + 1 < argv.Count ? NullIfEmpty(argv[i + 1]) : null;
            }
            return null;
        }

        private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;

        private static string? ConfigFileOfSysconfig(string text)
        {
            try
            {
                return SysconfigOptions.Find(text, SysconfigPath) is { } o ? ConfigFileOf(o.Words) : null;
            }
            catch (XHostException)
            {
                return null;
            }
        }

        /// <summary>
        /// The dockerd that serves the endpoint: the one whose -H/--host flags or config "hosts" name it; a dockerd that
        /// names none, or only systemd's socket (fd://), serves the default socket. Null when none or several with
        /// different config files match.
        /// </summary>
        internal static IReadOnlyList<string>? ServingDaemon(IReadOnlyList<IReadOnlyList<string>> daemons, string endpoint, Func<string, string?> text)
        {
            var wanted = NormalEndpoint(endpoint);
            var matches = daemons.Where(w =>
            {
                var hosts = HostsOf(w, text).Select(NormalEndpoint).ToList();
                return hosts.Count == 0 ? wanted == NormalEndpoint(DockerCli.DefaultEndpoint) : hosts.Contains(wanted);
            }).ToList();
            return matches.Select(m => ConfigFileOf(m) ?? DefaultConfigPath).Distinct().Count() == 1 ? matches[0] : null;
        }

        // /var/run is /run on every current distribution, and systemd's docker.socket listens on the default socket.
        private static string NormalEndpoint(string endpoint)
        {
            if (endpoint.StartsWith("fd://", StringComparison.Ordinal)) endpoint = DockerCli.DefaultEndpoint;
            return endpoint.StartsWith("unix:///var/run/", StringComparison.Ordinal) ? "unix:///run/" + endpoint.Substring("unix:///var/run/".Length) : endpoint;
        }

        /// <summary>The endpoints a dockerd listens on: its -H/--host flags and its config file's "hosts" (unreadable: none).</summary>
        private static IReadOnlyList<string> HostsOf(IReadOnlyList<string> argv, Func<string, string?> text)
        {
            var hosts = new List<string>();
            for (var i = 0; i < argv.Count; i++)
            {
                var a = argv[i];
                if ((a == "-H" || a == "--host") && i + 1 < argv.Count) hosts.Add(argv[++i]);
                else if (a.StartsWith("--host=", StringComparison.Ordinal)) hosts.Add(a.Substring(7));
                else if (a.StartsWith("-H=", StringComparison.Ordinal)) hosts.Add(a.Substring(3));
                else if (a.StartsWith("-H", StringComparison.Ordinal) && a.Length > 2) hosts.Add(a.Substring(2));
            }
            if (ConfigFileOf(argv) is string f && text(f) is string json)
            {
                try
                {
                    if (JsonNode.Parse(json) is JsonObject o && o["hosts"] is JsonArray list)
                        hosts.AddRange(list.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var h) ? h : null).Where(h => h != null).Select(h => h!));
                }
                catch (Exception ex) when (ex is JsonException || ex is ArgumentException || ex is InvalidOperationException)
                {
                    // A config file that is not JSON names no endpoint here; dockerd would not run with it anyway.
                }
            }
            return hosts;
        }

        /// <summary>
        /// The settings of the running dockerd that serves the session's endpoint: its command line's flags, and the
        /// --config-file it names when that is not the file being edited.
        /// </summary>
        private static IReadOnlyList<DockerSetting> RunningDaemonSettings(DockerHostState state, IReadOnlyList<string> daemon, Func<string, string?> text,
            IReadOnlyList<DockerSetting> known)
        {
            var found = new List<DockerSetting>();
            var file = ConfigFileOf(daemon) ?? DefaultConfigPath;
            if (file != state.ConfigPath && text(file) is string json)
            {
                try
                {
                    found.AddRange(FileSettings(ParseConfig(json, file, state.Session), file));
                }
                catch (XHostException)
                {
                    // An unreadable file the engine started with is its own business; the edited file is what is checked.
                }
            }
            // Flags that only echo a sysconfig OPTIONS or ExecStart already read are the same settings, not another place.
            var echoed = state.SysconfigFormat ? state.FileSettings.Select(s => s.Name).ToList() : new List<string>();
            found.AddRange(DockerFlags.Parse(daemon.Skip(1), "dockerd command line")
                .Where(f => !echoed.Contains(f.Name) && !known.Any(x => x.Name == f.Name && x.Value == f.Value)));
            return found;
        }

        /// <summary>docker network inspect output: the first network, or null; output that is not what docker prints is an error naming the command.</summary>
        public static JsonElement? ParseBridgeNetwork(string output, string command, string host)
        {
            try
            {
                using var doc = JsonDocument.Parse(output);
                return doc.RootElement.ValueKind == JsonValueKind.Array && doc.RootElement.GetArrayLength() > 0 && doc.RootElement[0].ValueKind == JsonValueKind.Object
                    ? doc.RootElement[0].Clone()
                    : (JsonElement?)null;
            }
            catch (JsonException)
            {
                throw new XHostException(XHostErrorKind.Failed, ErrorIds.DockerOutputUnreadable, $"'{command}' on host '{host}' printed something that is not the JSON docker prints.");
            }
        }

        public static bool IsSysconfig(string path, string? text) =>
            !path.EndsWith(".json", StringComparison.Ordinal) &&
            (path.EndsWith("/sysconfig/docker", StringComparison.Ordinal) || text != null && SysconfigHasOptions(text));

        private static bool SysconfigHasOptions(string text)
        {
            try
            {
                return SysconfigOptions.Find(text, "") != null;
            }
            catch (XHostException)
            {
                return true; // it has an OPTIONS line, just not one XHostNet rewrites: reading it says so
            }
        }

        /// <summary>
        /// daemon.json as dockerd reads it: strict JSON, an object at the top, no key twice. Anything else (including
        /// text that .NET cannot hold, such as a lone surrogate escape) is the module's error naming the file.
        /// </summary>
        public static JsonObject ParseConfig(string text, string path, XHostSession session) => ParseConfig(text, path, session.Host);

        public static JsonObject ParseConfig(string text, string path, string host)
        {
            string? why;
            try
            {
                if (string.IsNullOrWhiteSpace(text)) return new JsonObject();
                // Strict, as dockerd reads it: comments and trailing commas are errors there too. Duplicate keys are
                // refused by the document reader; the round trip proves every string can be written back.
                using (JsonDocument.Parse(text, new JsonDocumentOptions { AllowDuplicateProperties = false })) { }
                var config = JsonNode.Parse(text) as JsonObject;
                if (config is null) why = "the top level is not an object";
                else
                {
                    DockerBridgePlanner.Serialize(config);
                    return config;
                }
            }
            catch (Exception ex) when (ex is JsonException || ex is ArgumentException || ex is InvalidOperationException || ex is FormatException)
            {
                why = ex.Message;
            }
            throw new XHostException(XHostErrorKind.InvalidArgument, ErrorIds.DockerConfigUnparsable,
                $"{path} on host '{host}' is not valid JSON ({why}); dockerd would not start with it either. XHostNet leaves it as it is: fix or remove it first.");
        }

        /// <summary>The bridge settings in a daemon.json object; a value of an unexpected type is shown as its JSON text.</summary>
        public static IReadOnlyList<DockerSetting> FileSettings(JsonObject config, string path)
        {
            var found = new List<DockerSetting>();
            foreach (var name in DockerSettingNames.All)
            {
                if (!config.TryGetPropertyValue(name, out var node) || node is null) continue;
                if (name == DockerSettingNames.DefaultAddressPools && node is JsonArray pools)
                {
                    foreach (var pool in pools.OfType<JsonObject>())
                        found.Add(new DockerSetting(name, $"base={Text(pool["base"])},size={Text(pool["size"])}", path));
                }
                else
                {
                    found.Add(new DockerSetting(name, Text(node), path));
                }
            }
            return found;
        }

        private static string Text(JsonNode? node) =>
            node is null ? "" : node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node.ToJsonString();

        /// <summary>The bridge flags in a sysconfig file's OPTIONS (RHEL style: OPTIONS='-b=br0 --fixed-cidr=172.16.32.64/26').</summary>
        public static IReadOnlyList<DockerSetting> SysconfigSettings(string text, string path) =>
            SysconfigOptions.Find(text, path) is { } options ? DockerFlags.Parse(options.Words, path + " OPTIONS") : Array.Empty<DockerSetting>();

        /// <summary>The machine's /etc/sysconfig/docker when it is not the edited file: one XHostNet cannot read is not this call's business.</summary>
        private static IReadOnlyList<DockerSetting> SysconfigSettingsOrNone(string text)
        {
            try
            {
                return SysconfigSettings(text, SysconfigPath);
            }
            catch (XHostException)
            {
                return Array.Empty<DockerSetting>();
            }
        }
    }
}
