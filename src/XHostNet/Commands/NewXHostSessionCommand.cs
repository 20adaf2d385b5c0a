using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;
using System.Runtime.InteropServices;
using System.Security;
using XHostNet.Execution;
using XHostNet.PowerShell;
using XHostNet.Sessions;

namespace XHostNet.Commands
{
    /// <summary>New-XHostSession: a session to this machine, to a network namespace on it, or to a host over SSH.</summary>
    [Cmdlet(VerbsCommon.New, "XHostSession", DefaultParameterSetName = LocalSet)]
    [OutputType(typeof(XHostSession))]
    public sealed class NewXHostSessionCommand : XHostCmdlet
    {
        private const string LocalSet = "Local";
        private const string NamespaceSet = "NetworkNamespace";
        private const string SshSet = "Ssh";

        [Parameter(ParameterSetName = NamespaceSet, Mandatory = true)]
        [ValidatePattern(@"^[A-Za-z0-9_.-]{1,64}\z", Options = RegexOptions.CultureInvariant)]
        [ArgumentCompleter(typeof(NetworkNamespaceCompleter))]
        public string NetworkNamespace { get; set; } = "";

        [Parameter(ParameterSetName = SshSet, Mandatory = true, Position = 0)]
        [ValidatePattern(@"^[A-Za-z0-9]([A-Za-z0-9.:_-]{0,252}[A-Za-z0-9])?\z", Options = RegexOptions.CultureInvariant)]
        [Alias("ComputerName")]
        public string HostName { get; set; } = "";

        [Parameter(ParameterSetName = SshSet)]
        [ValidateRange(1, 65535)]
        public int Port { get; set; } = 22;

        [Parameter(ParameterSetName = SshSet)]
        [ValidatePattern(@"^[A-Za-z_][A-Za-z0-9_.-]{0,31}\$?\z", Options = RegexOptions.CultureInvariant)]
        public string? UserName { get; set; }

        [Parameter(ParameterSetName = SshSet)]
        [ValidateNotNullOrEmpty]
        public string[]? KeyFile { get; set; }

        [Parameter(ParameterSetName = SshSet)]
        public SecureString? KeyPassphrase { get; set; }

        [Parameter(ParameterSetName = SshSet)]
        [Credential]
        public PSCredential? Credential { get; set; }

        [Parameter(ParameterSetName = SshSet)]
        [ValidateNotNullOrEmpty]
        public string? HostKeyFingerprint { get; set; }

        [Parameter(ParameterSetName = SshSet)]
        public SwitchParameter AcceptNewHostKey { get; set; }

        [Parameter(ParameterSetName = SshSet)]
        [ValidateNotNullOrEmpty]
        public string? KnownHostsFile { get; set; }

        [Parameter(ParameterSetName = SshSet)]
        [ValidateRange(1, 600)]
        public int ConnectTimeoutSeconds { get; set; } = 10;

        [Parameter(ParameterSetName = SshSet)]
        [ValidateRange(0, 3600)]
        public int KeepAliveSeconds { get; set; } = 30;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        [Parameter]
        [ValidateRange(1, 86400)]
        public int CommandTimeoutSeconds { get; set; } = 60;

        [Parameter]
        [ValidatePattern(@"^(unix:/[^\s\p{Cc}]+|(tcp|ssl):[^\s\p{Cc}]+:[0-9]{1,5})\z", Options = RegexOptions.CultureInvariant)]
        public string? OvsDatabase { get; set; }

        [Parameter]
        [ValidatePattern(@"^(unix:///[^\s\p{Cc}]+|tcp://[^\s\p{Cc}]+:[0-9]{1,5}|ssh://[^\s\p{Cc}]+)\z", Options = RegexOptions.CultureInvariant)]
        public string? DockerHost { get; set; }

        /// <summary>The argv that restarts this host's dockerd when it is not a systemd or SysV service.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? DockerRestartCommand { get; set; }

        protected override void ProcessRecord()
        {
            XHostSession session;
            switch (ParameterSetName)
            {
                case NamespaceSet:
                    session = XHostSession.ForNetworkNamespace(NetworkNamespace);
                    RequireNamespace(session);
                    break;
                case SshSet:
                    session = ConnectSsh();
                    break;
                default:
                    session = new XHostSession();
                    break;
            }
            if (Name != null) session.SessionName = Name;
            session.OvsDatabase = OvsDatabase;
            session.DockerHost = DockerHost;
            session.DockerRestartCommand = DockerRestartCommand;
            session.CommandTimeout = TimeSpan.FromSeconds(CommandTimeoutSeconds);
            CloseSessionsWithRunspace();
            WriteObject(SessionRegistry.Add(RunspaceScope, session));
        }

        // SSH connections must not outlive the runspace that opened them (a closed Pester or hosted runspace).
        private static readonly System.Collections.Generic.HashSet<Guid> Watched = new System.Collections.Generic.HashSet<Guid>();

        internal static void CloseSessionsWithRunspace()
        {
            var runspace = System.Management.Automation.Runspaces.Runspace.DefaultRunspace;
            if (runspace is null) return;
            lock (Watched)
            {
                if (!Watched.Add(runspace.InstanceId)) return;
            }
            runspace.StateChanged += (_, e) =>
            {
                var state = e.RunspaceStateInfo.State;
                if (state != System.Management.Automation.Runspaces.RunspaceState.Closed &&
                    state != System.Management.Automation.Runspaces.RunspaceState.Broken) return;
                SessionRegistry.RemoveScope(runspace.InstanceId);
                lock (Watched) Watched.Remove(runspace.InstanceId);
            };
        }

        private void RequireNamespace(XHostSession session)
        {
            var check = OnEach(new[] { session }, (s, ct) => s.RunAsync(new[] { "true" }, ct)).Single();
            if (check.Error != null && !(check.Error is SessionClosedException)) ThrowTerminatingError(ErrorRecords.From(check.Error, NetworkNamespace));
            if (check.Error != null || !check.Value.Succeeded)
            {
                var why = check.Error != null ? "it does not exist" : check.Value.StandardError.Trim();
                ThrowTerminatingError(new ErrorRecord(new ItemNotFoundException(
                        $"Cannot enter network namespace '{NetworkNamespace}': {why} (list them with 'ip netns list'; entering one needs root)."),
                    ErrorIds.NetworkNamespaceNotFound, ErrorCategory.ObjectNotFound, NetworkNamespace));
            }
        }

        private XHostSession ConnectSsh()
        {
            if (HostKeyFingerprint != null && AcceptNewHostKey)
                ThrowArgumentError(ErrorIds.HostKeyOptionsConflict, "-HostKeyFingerprint pins the key; -AcceptNewHostKey records an unknown one. Give one or the other.", HostKeyFingerprint);
            if (HostKeyFingerprint != null && !HostKeyPin.IsWellFormed(HostKeyFingerprint))
                ThrowArgumentError(ErrorIds.InvalidHostKeyFingerprint, $"'{HostKeyFingerprint}' is not a SHA256 fingerprint as 'ssh-keygen -lf' prints it (SHA256: and 43 base64 characters).", HostKeyFingerprint);
            var keyFiles = (KeyFile ?? Array.Empty<string>()).Select(f => GetUnresolvedProviderPathFromPSPath(f)).ToList();
            foreach (var file in keyFiles.Where(f => !File.Exists(f)))
                ThrowArgumentError(ErrorIds.KeyFileNotFound, $"The key file '{file}' does not exist.", file);
            var knownHosts = KnownHostsFile is null ? KnownHosts.DefaultPath : GetUnresolvedProviderPathFromPSPath(KnownHostsFile);
            // Read it now: a directory or an unreadable file is a clear error here, not an exception inside the handshake.
            try { KnownHosts.Load(knownHosts); }
            catch (XHostException ex) { ThrowTerminatingError(ErrorRecords.From(ex, KnownHostsFile ?? knownHosts)); }
            var settings = new SshConnectionSettings
            {
                HostName = HostName,
                Port = Port,
                UserName = UserName ?? Credential?.UserName ?? Environment.UserName,
                KeyFiles = keyFiles,
                KeyPassphrase = KeyPassphrase is null ? null : Plain(KeyPassphrase),
                Password = Credential is null ? null : Plain(Credential.Password),
                HostKeyFingerprint = HostKeyFingerprint,
                AcceptNewHostKey = AcceptNewHostKey,
                KnownHostsFile = knownHosts,
                ConnectTimeout = TimeSpan.FromSeconds(ConnectTimeoutSeconds),
                // SSH.NET disables keep-alives with -1 ms; zero would still send one at connect.
                KeepAliveInterval = KeepAliveSeconds == 0 ? System.Threading.Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(KeepAliveSeconds),
            };
            WriteVerbose($"Connecting to {settings.UserName}@{HostName}:{Port} …");
            var outcome = OnEach(new[] { settings }, XHostSession.ConnectSshAsync).Single();
            if (outcome.Error != null) ThrowTerminatingError(ErrorRecords.From(outcome.Error, HostName));
            WriteVerbose($"Connected; host key {outcome.Value.HostKeyFingerprint}; elevation: {outcome.Value.Elevation}.");
            return outcome.Value;
        }

        /// <summary>Refuses an option before connecting; the refused value is the error's TargetObject.</summary>
        private void ThrowArgumentError(string id, string message, object refused) =>
            ThrowTerminatingError(new ErrorRecord(new ArgumentException(message), id, ErrorCategory.InvalidArgument, refused));

        private static string Plain(SecureString secure)
        {
            var ptr = Marshal.SecureStringToGlobalAllocUnicode(secure);
            try { return Marshal.PtrToStringUni(ptr) ?? ""; }
            finally { Marshal.ZeroFreeGlobalAllocUnicode(ptr); }
        }
    }
}
