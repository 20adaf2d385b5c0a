using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using XHostNet.Execution;

namespace XHostNet.Sessions
{
    /// <summary>
    /// A host that cmdlets act on: this machine, a network namespace on it, or a machine reached over SSH.
    /// Also carries where the host's tools listen when that is not their default.
    /// </summary>
    public sealed class XHostSession : IDisposable
    {
        /// <summary>A session for the local machine, as cmdlets use when no -Session is given.</summary>
        public XHostSession() : this(XHostSessionKind.Local, ProcessExecutor.Local(), "localhost") { }

        private XHostSession(XHostSessionKind kind, ICommandExecutor executor, string hostName)
        {
            Kind = kind;
            Executor = executor;
            HostName = hostName;
            SessionName = executor.HostLabel;
        }

        /// <summary>A session over any executor; tests give it the scripted one, so failure paths run without a host.</summary>
        internal static XHostSession ForExecutor(ICommandExecutor executor, string hostName, XHostSessionKind kind = XHostSessionKind.Ssh) =>
            new XHostSession(kind, executor, hostName);

        public static XHostSession ForNetworkNamespace(string name) =>
            new XHostSession(XHostSessionKind.NetworkNamespace, ProcessExecutor.NetworkNamespace(name), "localhost") { NetworkNamespace = name };

        /// <summary>Connects over SSH (verifying the host key) and returns the open session.</summary>
        public static async Task<XHostSession> ConnectSshAsync(SshConnectionSettings settings, CancellationToken cancellationToken)
        {
            var executor = SshLoader.Create(settings);
            try
            {
                await executor.ConnectAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                executor.Dispose();
                throw;
            }
            return new XHostSession(XHostSessionKind.Ssh, executor, settings.HostName)
            {
                Port = settings.Port,
                UserName = settings.UserName,
                _sshSettings = settings,
            };
        }

        /// <summary>
        /// Opens a second, independent connection to the same host with the same settings: SSH reconnects as this session
        /// did, trusting only the host key this session was presented (so a sibling cannot reach another machine); a
        /// namespace or the local machine gets an executor of its own. A change that may cut this session's connection
        /// (moving the host's address into a bridge) is confirmed over a sibling, which proves that new connections work.
        /// The caller disposes the sibling; it is not registered.
        /// </summary>
        public async Task<XHostSession> OpenSiblingAsync(CancellationToken cancellationToken)
        {
            ThrowIfDisposed();
            XHostSession sibling;
            switch (Kind)
            {
                case XHostSessionKind.Ssh when _sshSettings != null:
                    sibling = await ConnectSshAsync(_sshSettings.PinnedTo(HostKeyFingerprint), cancellationToken).ConfigureAwait(false);
                    break;
                case XHostSessionKind.NetworkNamespace when NetworkNamespace != null:
                    sibling = ForNetworkNamespace(NetworkNamespace);
                    break;
                case XHostSessionKind.Local:
                    sibling = new XHostSession();
                    break;
                default:
                    throw new InvalidOperationException($"The session to '{Host}' cannot open another connection: it was not made from connection settings.");
            }
            sibling.SessionName = SessionName;
            sibling.OvsDatabase = OvsDatabase;
            sibling.DockerHost = DockerHost;
            sibling.DockerRestartCommand = DockerRestartCommand;
            sibling.CommandTimeout = CommandTimeout;
            return sibling;
        }

        /// <summary>Set when the session is registered (New-XHostSession); 0 for ad-hoc sessions.</summary>
        public int Id { get; internal set; }
        /// <summary>
        /// A friendly name (New-XHostSession -Name). Not called Name on purpose: a session piped into a cmdlet
        /// would otherwise bind its name to that cmdlet's -Name (a bridge name) by property name.
        /// </summary>
        public string SessionName { get; set; }
        /// <summary>
        /// The session itself, as every object XHostNet writes carries its Session: a session piped into a cmdlet
        /// binds to -Session by property name, the one way -Session takes pipeline input.
        /// </summary>
        public XHostSession Session => this;
        public XHostSessionKind Kind { get; }
        public string HostName { get; }
        public int Port { get; private set; }
        public string? UserName { get; private set; }
        public string? NetworkNamespace { get; private set; }
        /// <summary>ovs-vsctl --db value for this host, e.g. unix:/usr/local/var/run/openvswitch/db.sock; null for the default.</summary>
        public string? OvsDatabase { get; set; }
        /// <summary>Docker endpoint for this host, e.g. unix:///run/docker-lab.sock; null for the default.</summary>
        public string? DockerHost { get; set; }
        /// <summary>
        /// How to restart this host's dockerd when it is not a systemd or SysV service (a daemon started by hand):
        /// an argv run on the host. Null means: systemctl restart docker, or service docker restart.
        /// </summary>
        public IReadOnlyList<string>? DockerRestartCommand { get; set; }
        /// <summary>Time limit of each command unless a cmdlet says otherwise.</summary>
        public TimeSpan CommandTimeout { get; set; } = HostCommand.DefaultTimeout;
        public string Host => Executor.HostLabel;
        public string? HostKeyFingerprint => (Executor as ISshExecutor)?.PresentedFingerprint;
        public Elevation Elevation => (Executor as ISshExecutor)?.Elevation ?? Elevation.None;
        public bool IsOpen => !_disposed && Executor.IsOpen;

        internal ICommandExecutor Executor { get; }

        private bool _disposed;
        private long _roundTrips;
        // How this session connected, for OpenSiblingAsync; null for sessions that did not connect over SSH.
        private SshConnectionSettings? _sshSettings;

        /// <summary>
        /// How many round trips this session has made to its host (one per command or batch), so a caller, a test or a
        /// benchmark can see what an operation cost: an apply should be one read and one change, a no-change re-run one read.
        /// </summary>
        public long RoundTrips => Interlocked.Read(ref _roundTrips);

        public Task<CommandResult> RunAsync(IEnumerable<string> argv, CancellationToken cancellationToken, string? input = null, TimeSpan? timeout = null)
        {
            ThrowIfDisposed();
            Interlocked.Increment(ref _roundTrips);
            return Executor.RunAsync(new HostCommand(argv, input, timeout ?? CommandTimeout), cancellationToken);
        }

        /// <summary>Runs several commands in one round trip; with stopOnError the first failure ends the batch.</summary>
        public Task<BatchResult> RunBatchAsync(IReadOnlyList<IReadOnlyList<string>> commands, bool stopOnError, CancellationToken cancellationToken, TimeSpan? timeout = null)
        {
            ThrowIfDisposed();
            Interlocked.Increment(ref _roundTrips);
            return CommandBatch.RunAsync(Executor, commands, stopOnError, timeout ?? CommandTimeout, cancellationToken);
        }

        /// <summary>Runs changes then reads in one round trip: a failed change ends the batch, the reads run whatever they return.</summary>
        public Task<BatchResult> RunChangeBatchAsync(IReadOnlyList<IReadOnlyList<string>> changes, IReadOnlyList<IReadOnlyList<string>> reads,
            CancellationToken cancellationToken, TimeSpan? timeout = null)
        {
            ThrowIfDisposed();
            Interlocked.Increment(ref _roundTrips);
            return CommandBatch.RunAsync(Executor, changes.Concat(reads).ToList(), changes.Count, timeout ?? CommandTimeout, cancellationToken);
        }

        private void ThrowIfDisposed()
        {
            if (_disposed) throw new ObjectDisposedException(nameof(XHostSession), $"The session to '{Host}' has been removed.");
        }

        public void Dispose()
        {
            _disposed = true;
            Executor.Dispose();
        }

        public override string ToString() => Host;
    }
}
