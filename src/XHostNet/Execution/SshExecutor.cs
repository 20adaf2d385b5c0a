using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace XHostNet.Execution
{
    /// <summary>How to reach and trust an SSH host.</summary>
    public sealed class SshConnectionSettings
    {
        public string HostName { get; set; } = "";
        public int Port { get; set; } = 22;
        public string UserName { get; set; } = "root";
        /// <summary>Private key files (OpenSSH, PEM or PuTTY format); one passphrase for all, if any.</summary>
        public IList<string> KeyFiles { get; set; } = new List<string>();
        public string? KeyPassphrase { get; set; }
        /// <summary>Password for password authentication and for <c>sudo -S</c>.</summary>
        public string? Password { get; set; }
        /// <summary>A pinned host key, SHA256:base64 as ssh-keygen -lf prints it. When set, known_hosts is not consulted.</summary>
        public string? HostKeyFingerprint { get; set; }
        public bool AcceptNewHostKey { get; set; }
        public string KnownHostsFile { get; set; } = KnownHosts.DefaultPath;
        public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);
        public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(30);
    }

    /// <summary>How commands get root on a host whose login user is not root.</summary>
    public enum Elevation { None, SudoNoPassword, SudoWithPassword }

    /// <summary>
    /// Runs commands on a host over one reused SSH connection (SSH.NET). Each argv is quoted for the remote POSIX
    /// shell and wrapped in <c>timeout</c>, because sshd does not stop a root login's command when we give up on it.
    /// Non-root users get <c>sudo -n</c>, or <c>sudo -S</c> with the password written to standard input.
    /// </summary>
    public sealed class SshExecutor : ICommandExecutor
    {
        private readonly SshConnectionSettings _settings;
        private readonly SemaphoreSlim _connectLock = new SemaphoreSlim(1, 1);
        private SshClient? _client;
        private string? _hostKeyProblem;

        public SshExecutor(SshConnectionSettings settings)
        {
            _settings = settings;
            HostLabel = $"ssh:{settings.UserName}@{settings.HostName}:{settings.Port}";
        }

        public string HostLabel { get; }

        /// <summary>The fingerprint the server presented on the last connect (SHA256:…).</summary>
        public string? PresentedFingerprint { get; private set; }

        public Elevation Elevation { get; private set; }

        public bool IsConnected => _client?.IsConnected == true;

        /// <summary>Connects (verifying the host key) and finds out whether commands need sudo.</summary>
        public async Task ConnectAsync(CancellationToken cancellationToken)
        {
            await EnsureConnectedAsync(cancellationToken).ConfigureAwait(false);
            var id = await RunRawAsync("id -u", null, TimeSpan.FromSeconds(15), cancellationToken).ConfigureAwait(false);
            if (id.ExitCode != 0) throw new HostCommandException(id);
            Elevation = id.StandardOutput.Trim() == "0" ? Elevation.None
                : _settings.Password != null ? Elevation.SudoWithPassword : Elevation.SudoNoPassword;
        }

        public async Task<CommandResult> RunAsync(HostCommand command, CancellationToken cancellationToken)
        {
            await EnsureConnectedAsync(cancellationToken).ConfigureAwait(false);
            var argv = Elevation switch
            {
                Elevation.SudoNoPassword => new[] { "sudo", "-n", "--" }.Concat(TimeoutWrapper.Wrap(command)),
                // -k: always ask, so the password line we send is never left for the command to read.
                Elevation.SudoWithPassword => new[] { "sudo", "-S", "-k", "-p", "", "--" }.Concat(TimeoutWrapper.Wrap(command)),
                _ => TimeoutWrapper.Wrap(command),
            };
            var input = Elevation == Elevation.SudoWithPassword ? _settings.Password + "\n" + command.Input : command.Input;
            var result = await RunRawAsync(ShellQuoting.Join(argv), input, command.Timeout, cancellationToken).ConfigureAwait(false);
            return new CommandResult(HostLabel, command.Argv, result.ExitCode, result.StandardOutput, result.StandardError,
                result.Duration, timedOut: result.TimedOut || result.ExitCode == CommandResult.TimeoutExitCode);
        }

        private async Task<CommandResult> RunRawAsync(string commandText, string? input, TimeSpan timeout, CancellationToken cancellationToken)
        {
            var client = _client ?? throw new InvalidOperationException("Not connected.");
            var stopwatch = Stopwatch.StartNew();
            // Without input the command reads /dev/null, so nothing waits on a stdin that never ends; with input
            // (sudo's password, the caller's data) the stream is written and closed.
            using var command = client.CreateCommand(input is null ? commandText + " </dev/null" : commandText, new UTF8Encoding(false));
            // The remote timeout is the real limit; this one only stops waiting for a host that went silent.
            command.CommandTimeout = timeout + TimeoutWrapper.KillGrace + TimeSpan.FromSeconds(10);
            var execution = command.ExecuteAsync(cancellationToken);
            if (input != null)
            {
                try
                {
                    using var stdin = command.CreateInputStream(); // disposing sends EOF
                    var bytes = new UTF8Encoding(false).GetBytes(input);
                    await stdin.WriteAsync(bytes, 0, bytes.Length, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is InvalidOperationException || ex is System.IO.IOException || ex is ObjectDisposedException || ex is SshException)
                {
                    // The command ended without reading its input; its exit status tells the story.
                }
            }
            try
            {
                await execution.ConfigureAwait(false);
            }
            catch (SshOperationTimeoutException)
            {
                return new CommandResult(HostLabel, new[] { commandText }, CommandResult.TimeoutExitCode, command.Result,
                    $"No answer within {command.CommandTimeout.TotalSeconds:0} s.", stopwatch.Elapsed, timedOut: true);
            }
            catch (SshConnectionException ex)
            {
                throw new HostConnectionException(HostLabel, "the connection was lost: " + ex.Message, ex);
            }
            // A null exit status means the remote command died of a signal; report it as the shell would (128+n).
            var exit = command.ExitStatus ?? 128 + SignalNumber(command.ExitSignal);
            return new CommandResult(HostLabel, new[] { commandText }, exit, command.Result, command.Error, stopwatch.Elapsed);
        }

        private static int SignalNumber(string? signal) => signal switch
        {
            "HUP" => 1, "INT" => 2, "QUIT" => 3, "KILL" => 9, "SEGV" => 11, "PIPE" => 13, "TERM" => 15, _ => 0,
        };

        private async Task EnsureConnectedAsync(CancellationToken cancellationToken)
        {
            if (_client?.IsConnected == true) return;
            await _connectLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (_client?.IsConnected == true) return;
                _client?.Dispose();
                _client = null;
                var client = new SshClient(CreateConnectionInfo()) { KeepAliveInterval = _settings.KeepAliveInterval };
                client.HostKeyReceived += OnHostKeyReceived;
                _hostKeyProblem = null;
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(_settings.ConnectTimeout);
                try
                {
                    await client.ConnectAsync(timeout.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (_hostKeyProblem != null)
                {
                    client.Dispose();
                    throw new HostKeyException(HostLabel, PresentedFingerprint ?? "", _hostKeyProblem + $" ({ex.Message})");
                }
                catch (SshAuthenticationException ex)
                {
                    client.Dispose();
                    throw new HostConnectionException(HostLabel, $"authentication as '{_settings.UserName}' failed: {ex.Message}", ex);
                }
                catch (Exception ex) when (ex is SocketException || ex is SshException || ex is OperationCanceledException || ex is TimeoutException)
                {
                    client.Dispose();
                    cancellationToken.ThrowIfCancellationRequested();
                    var why = ex is OperationCanceledException || ex is SshOperationTimeoutException
                        ? $"no answer within {_settings.ConnectTimeout.TotalSeconds:0} s"
                        : ex.Message;
                    throw new HostConnectionException(HostLabel, why, ex);
                }
                _client = client;
            }
            finally
            {
                _connectLock.Release();
            }
        }

        private ConnectionInfo CreateConnectionInfo()
        {
            var methods = new List<AuthenticationMethod>();
            if (_settings.KeyFiles.Count > 0)
            {
                var keys = _settings.KeyFiles.Select(path =>
                {
                    try { return (IPrivateKeySource)(_settings.KeyPassphrase is null ? new PrivateKeyFile(path) : new PrivateKeyFile(path, _settings.KeyPassphrase)); }
                    catch (Exception ex) when (ex is SshException || ex is System.IO.IOException || ex is UnauthorizedAccessException)
                    {
                        throw new HostConnectionException(HostLabel, $"cannot use key file '{path}': {ex.Message}", ex);
                    }
                }).ToArray();
                methods.Add(new PrivateKeyAuthenticationMethod(_settings.UserName, keys));
            }
            if (_settings.Password != null) methods.Add(new PasswordAuthenticationMethod(_settings.UserName, _settings.Password));
            if (methods.Count == 0) methods.Add(new NoneAuthenticationMethod(_settings.UserName));
            var info = new ConnectionInfo(_settings.HostName, _settings.Port, _settings.UserName, methods.ToArray())
            {
                Timeout = _settings.ConnectTimeout,
            };
            if (_settings.HostKeyFingerprint is null) PreferKnownKeyTypes(info);
            return info;
        }

        // As OpenSSH does: when known_hosts holds keys of some types for this host, ask the server for those,
        // so a host known by its ed25519 key is not reported unknown because it offered RSA first.
        private void PreferKnownKeyTypes(ConnectionInfo info)
        {
            var known = KnownHosts.Load(_settings.KnownHostsFile).KeyTypesFor(_settings.HostName, _settings.Port);
            if (known.Count == 0) return;
            bool Wanted(string algorithm) => known.Any(t => t == algorithm || (t == "ssh-rsa" && algorithm.StartsWith("rsa-sha2-", StringComparison.Ordinal)));
            var unwanted = info.HostKeyAlgorithms.Keys.Where(a => !Wanted(a)).ToList();
            if (unwanted.Count == info.HostKeyAlgorithms.Count) return;
            foreach (var algorithm in unwanted) info.HostKeyAlgorithms.Remove(algorithm);
        }

        private void OnHostKeyReceived(object? sender, HostKeyEventArgs e)
        {
            PresentedFingerprint = "SHA256:" + e.FingerPrintSHA256;
            var keyType = KnownHosts.KeyTypeOfBlob(e.HostKey);
            if (_settings.HostKeyFingerprint != null)
            {
                e.CanTrust = HostKeyPin.Matches(_settings.HostKeyFingerprint, PresentedFingerprint);
                if (!e.CanTrust)
                    _hostKeyProblem = $"Host key of '{HostLabel}' does not match the pinned fingerprint {HostKeyPin.Normalize(_settings.HostKeyFingerprint)}; " +
                                      $"the server presented {keyType} {PresentedFingerprint}. Refusing to connect.";
                return;
            }
            var verdict = KnownHosts.Load(_settings.KnownHostsFile).Verify(_settings.HostName, _settings.Port, e.HostKey);
            switch (verdict)
            {
                case HostKeyVerdict.Trusted:
                    e.CanTrust = true;
                    return;
                case HostKeyVerdict.Unknown when _settings.AcceptNewHostKey:
                    KnownHosts.Append(_settings.KnownHostsFile, _settings.HostName, _settings.Port, e.HostKey);
                    e.CanTrust = true;
                    return;
                case HostKeyVerdict.Unknown:
                    _hostKeyProblem = $"Host '{HostLabel}' is not in {_settings.KnownHostsFile}; it presented {keyType} {PresentedFingerprint}. " +
                                      "Check that fingerprint out of band, then pin it with -HostKeyFingerprint or record it with -AcceptNewHostKey.";
                    break;
                case HostKeyVerdict.Changed:
                    _hostKeyProblem = $"The host key of '{HostLabel}' has CHANGED from the one in {_settings.KnownHostsFile}; it now presents {keyType} {PresentedFingerprint}. " +
                                      "This may be an attack, or the host was reinstalled. Refusing to connect; -AcceptNewHostKey does not override a changed key.";
                    break;
                default:
                    _hostKeyProblem = $"The host key of '{HostLabel}' ({keyType} {PresentedFingerprint}) is marked @revoked in {_settings.KnownHostsFile}. Refusing to connect.";
                    break;
            }
            e.CanTrust = false;
        }

        public void Dispose()
        {
            _client?.Dispose();
            _client = null;
        }

        public override string ToString() => HostLabel;
    }

    /// <summary>Pinned host key fingerprints, as ssh-keygen -lf prints them (SHA256:base64, no padding).</summary>
    public static class HostKeyPin
    {
        public static string Normalize(string fingerprint)
        {
            var value = fingerprint.Trim();
            if (value.StartsWith("SHA256:", StringComparison.OrdinalIgnoreCase)) value = value.Substring(7);
            return "SHA256:" + value.TrimEnd('=');
        }

        public static bool IsWellFormed(string fingerprint)
        {
            var body = Normalize(fingerprint).Substring(7);
            if (body.Length != 43) return false; // 32 bytes in unpadded base64
            try { return Convert.FromBase64String(body + "=").Length == 32; }
            catch (FormatException) { return false; }
        }

        public static bool Matches(string pinned, string presented) =>
            string.Equals(Normalize(pinned), Normalize(presented), StringComparison.Ordinal);
    }
}
