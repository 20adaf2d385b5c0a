using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using XHostNet.Docker;
using XHostNet.Execution;
using XHostNet.Linux;
using XHostNet.Persistence;
using XHostNet.Planning;
using XHostNet.Sessions;

namespace XHostNet.Network
{
    /// <summary>
    /// Everything the whole-network commands need from one host, read in ONE round trip: links, routes, Open vSwitch
    /// (when needed), every network record in the record directory, the forwarding sysctl, (SharedLan) what the NIC's
    /// watchdog move starts from (<see cref="AddressMoveState"/>), and with -Persist the boot configuration files under
    /// the configuration root.
    /// </summary>
    public sealed class NetworkHostRead
    {
        public const string ForwardingSysctl = "net.ipv4.ip_forward";

        private NetworkHostRead(HostNetworkState state, string recordDirectory, IReadOnlyDictionary<string, string> records, string? forwarding, AddressMoveState? move)
        {
            Move = move;
            State = state;
            RecordDirectory = recordDirectory;
            Records = records;
            Forwarding = forwarding;
        }

        public XHostSession Session => State.Session;
        public HostNetworkState State { get; }
        public string RecordDirectory { get; }
        /// <summary>The record files' texts by network name.</summary>
        public IReadOnlyDictionary<string, string> Records { get; }
        /// <summary>net.ipv4.ip_forward as the host reports it ("0" or "1"), null when it could not be read.</summary>
        public string? Forwarding { get; }
        /// <summary>Every address and route with what recreates them, for a NIC's move into br0; null when not read (not SharedLan).</summary>
        public AddressMoveState? Move { get; }

        /// <summary>The boot configuration read, by configuration root (none unless asked for or recorded).</summary>
        public IDictionary<string, BridgeConfigState> BootConfigs { get; } = new Dictionary<string, BridgeConfigState>(StringComparer.Ordinal);

        public BridgeConfigState? BootConfig(string root) => BootConfigs.TryGetValue(root, out var state) ? state : null;

        /// <summary>
        /// Reads the boot configuration under each root a record of <paramref name="name"/> (any, when null) persisted
        /// to, in one more round trip, only when there is such a record: the roots are known only once the records are read.
        /// </summary>
        public async Task<NetworkHostRead> WithBootConfigAsync(string? name, CancellationToken cancellationToken)
        {
            var roots = Records.Keys.Where(n => name is null || n == name).SelectMany(n => Record(n)!.Made)
                .Where(i => i.Kind == NetworkItemKind.BootConfig && i.Root != null && !BootConfigs.ContainsKey(i.Root)).Select(i => i.Root!)
                .Distinct(StringComparer.Ordinal).ToList();
            if (roots.Count == 0) return this;
            var batch = await Session.RunBatchAsync(roots.SelectMany(r => BridgeConfigReader.Commands(r, live: false)).ToList(), stopOnError: false, cancellationToken).ConfigureAwait(false);
            var each = BridgeConfigReader.Commands(roots[0], live: false).Count;
            for (var i = 0; i < roots.Count; i++) AddBootConfig(roots[i], batch.Results.Skip(i * each).Take(each).ToList());
            return this;
        }

        private void AddBootConfig(string root, IReadOnlyList<CommandResult> results)
        {
            var state = BridgeConfigReader.Parse(Session, root, results);
            // The live links and routes are the network read's own: the configuration's spec is built from them.
            state.Links = State.Links;
            state.Routes = State.Routes;
            BootConfigs[root] = state;
        }

        /// <summary>subnet.env files read (Connect -SubnetStore's, and those records list), by path: their content, null when absent.</summary>
        public IDictionary<string, string?> SubnetFiles { get; } = new Dictionary<string, string?>(StringComparer.Ordinal);

        /// <summary>The path <paramref name="template"/> names on this host ({host} filled in).</summary>
        public string SubnetFilePath(string template) => HostPlaceholder.Fill(template, Session);

        /// <summary>The subnet the host's subnet.env names, as flanneld tries its last lease again; null when there is none or it cannot be read.</summary>
        public InterfaceAddress? SubnetFilePrevious(string template)
        {
            var path = SubnetFilePath(template);
            if (!SubnetFiles.TryGetValue(path, out var text) || text is null) return null;
            try
            {
                return InterfaceAddress.Parse(FlannelSubnetReader.Parse(text, path).Subnet);
            }
            catch (FormatException)
            {
                return null;
            }
        }

        // $1 the file: its content, nothing with exit 3 when it is absent (absent and empty are told apart).
        private static IReadOnlyList<string> SubnetFileCommand(string path) => new[] { "sh", "-c", "[ -e \"$1\" ] || exit 3; cat -- \"$1\"", "sh", path };

        private void AddSubnetFile(string path, CommandResult result) =>
            SubnetFiles[path] = result.ExitCode == 3 ? null : result.EnsureSuccess().StandardOutput;

        /// <summary>
        /// Reads the subnet.env files the records of <paramref name="name"/> (any, when null) wrote, in one more round trip,
        /// only when there are such: Disconnect puts them back only while they are as written, Get-XHostNetwork shows their drift.
        /// </summary>
        public async Task<NetworkHostRead> WithSubnetFilesAsync(string? name, CancellationToken cancellationToken)
        {
            var paths = Records.Keys.Where(n => name is null || n == name).SelectMany(n => Record(n)!.Made)
                .Where(i => i.Kind == NetworkItemKind.SubnetFile && !SubnetFiles.ContainsKey(i.Name)).Select(i => i.Name).Distinct(StringComparer.Ordinal).ToList();
            if (paths.Count == 0) return this;
            var batch = await Session.RunBatchAsync(paths.Select(SubnetFileCommand).ToList(), stopOnError: false, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < paths.Count; i++) AddSubnetFile(paths[i], batch.Results[i]);
            return this;
        }

        /// <summary>dockerd's configuration and state, when the network has dockerd settings (read apart, by Set-DockerBridge's reader).</summary>
        public DockerHostState? Docker { get; private set; }

        /// <summary>Reads dockerd too (its own round trip or two) when asked, or when a record of <paramref name="name"/> (any, when null) lists dockerd settings.</summary>
        public async Task<NetworkHostRead> WithDockerAsync(bool always, string? name, CancellationToken cancellationToken)
        {
            var recorded = Records.Keys.Where(n => name is null || n == name).Any(n => Record(n)!.Made.Any(i => i.Kind == NetworkItemKind.DockerSettings));
            if (always || recorded) Docker = await DockerBridgeReader.ReadAsync(Session, null, cancellationToken, forWrite: true).ConfigureAwait(false);
            return this;
        }

        public string? RecordText(string name) => Records.TryGetValue(name, out var text) ? text : null;

        public NetworkRecord? Record(string name) => NetworkRecordStore.Find(Records, RecordDirectory, name, Session.Host);

        /// <summary>How much Open vSwitch a mode needs: OvsGre cannot go on without it; the others take it when it is there.</summary>
        public static OvsNeed OvsNeedOf(NetworkMode mode) => mode == NetworkMode.OvsGre ? OvsNeed.Required : OvsNeed.IfAvailable;

        /// <summary>
        /// The read commands <see cref="Parse"/> takes the outputs of, in this order; <paramref name="move"/> adds
        /// <see cref="AddressMoveState"/>'s, <paramref name="bootRoot"/> the boot configuration's, <paramref name="subnetFile"/> that file's.
        /// </summary>
        public static IReadOnlyList<IReadOnlyList<string>> ReadCommands(XHostSession session, OvsNeed ovs, string recordDirectory, bool move = false, string? bootRoot = null,
            string? subnetFile = null) =>
            HostNetworkState.ReadCommands(session, ovs)
                .Concat(new[] { NetworkRecordStore.ReadCommand(recordDirectory), new[] { "cat", "/proc/sys/net/ipv4/ip_forward" } })
                .Concat(move ? AddressMoveState.ReadCommands : Enumerable.Empty<IReadOnlyList<string>>())
                .Concat(bootRoot is null ? Array.Empty<IReadOnlyList<string>>() : BridgeConfigReader.Commands(bootRoot, live: false))
                .Concat(subnetFile is null ? Array.Empty<IReadOnlyList<string>>() : new[] { SubnetFileCommand(subnetFile) }).ToList();

        public static NetworkHostRead Parse(XHostSession session, IReadOnlyList<CommandResult> results, OvsNeed ovs, string recordDirectory, bool move = false, string? bootRoot = null,
            string? subnetFile = null)
        {
            var count = HostNetworkState.ReadCommands(session, ovs).Count;
            var state = HostNetworkState.Parse(session, results.Take(count).ToList(), ovs);
            var records = NetworkRecordStore.ParseTexts(results[count]);
            var forwarding = results[count + 1].Succeeded ? results[count + 1].StandardOutput.Trim() : null;
            var rest = results.Skip(count + 2).ToList();
            var moveCount = move ? AddressMoveState.ReadCommands.Count : 0;
            var read = new NetworkHostRead(state, recordDirectory, records, forwarding, move ? AddressMoveState.Parse(session, rest.Take(moveCount).ToList()) : null);
            var bootCount = bootRoot is null ? 0 : BridgeConfigReader.Commands(bootRoot, live: false).Count;
            if (bootRoot != null) read.AddBootConfig(bootRoot, rest.Skip(moveCount).Take(bootCount).ToList());
            if (subnetFile != null) read.AddSubnetFile(subnetFile, rest[moveCount + bootCount]);
            return read;
        }

        /// <summary>
        /// Reads the host in one round trip (with what a NIC's move needs, the boot configuration under <paramref name="bootRoot"/>,
        /// and the subnet.env <paramref name="subnetFile"/> names, {host} filled in).
        /// </summary>
        public static async Task<NetworkHostRead> ReadAsync(XHostSession session, OvsNeed ovs, string? recordDirectory, CancellationToken cancellationToken,
            bool move = false, string? bootRoot = null, string? subnetFile = null)
        {
            var directory = NetworkRecordStore.DirectoryFor(session, recordDirectory);
            var file = subnetFile is null ? null : HostPlaceholder.Fill(subnetFile, session);
            var batch = await session.RunBatchAsync(ReadCommands(session, ovs, directory, move, bootRoot, file), stopOnError: false, cancellationToken).ConfigureAwait(false);
            return Parse(session, batch.Results, ovs, directory, move, bootRoot, file);
        }
    }
}
