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
using XHostNet.Execution;

namespace XHostNet.Ssh
{
    /// <summary>
    /// Runs commands on a host over one reused SSH connection (SSH.NET). Each argv is quoted for the remote POSIX
    /// shell and runs under the <see cref="CommandGuard"/>, because sshd does not stop a command when we give up on
    /// it or when the connection drops. Non-root users get <c>sudo -n</c>, or <c>sudo -S</c> whose prompt the
    /// executor answers with the password: only sudo ever reads it.
    /// </summary>
    public sealed class SshExecutor : ISshExecutor
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

        /// <summary>False before the first connect and for good once the connection was lost: a lost session is not reconnected.</summary>
        public bool IsOpen => _client?.IsConnected == true;

        /// <summary>Connects (verifying the host key) and finds out whether commands need sudo.</summary>
        public async Task ConnectAsync(CancellationToken cancellationToken)
        {
            await EnsureConnectedAsync(cancellationToken).ConfigureAwait(false);
            var id = await RunRawAsync(new HostCommand(new[] { "id", "-u" }, timeout: TimeSpan.FromSeconds(15)), Array.Empty<byte>(), "id -u", null, cancellationToken).ConfigureAwait(false);
            if (id.ExitCode != 0) throw new HostCommandException(id);
            Elevation = id.StandardOutput.Trim() == "0" ? Elevation.None
                : _settings.Password != null ? Elevation.SudoWithPassword : Elevation.SudoNoPassword;
        }

        public async Task<CommandResult> RunAsync(HostCommand command, CancellationToken cancellationToken)
        {
            await EnsureConnectedAsync(cancellationToken).ConfigureAwait(false);
            // With a password, sudo -S reads it from standard input, but only if its policy asks for one. So the
            // password is written only in answer to sudo's own prompt (a marker no command prints), and the command's
            // input only once the guard says sudo is done: the shell and the command never see the password.
            var nonce = Guid.NewGuid().ToString("N");
            // Prompt: what sudo -S prints when it wants the password; ReadyLine: what the guard prints once it runs.
            var sudo = Elevation == Elevation.SudoWithPassword ? ("@@xhostnet-sudo-" + nonce + "@@", "@@xhostnet-ready-" + nonce) : default((string Prompt, string ReadyLine)?);
            var input = CommandGuard.InputBytes(command);
            var guarded = CommandGuard.Wrap(command, input.Length, sudo?.ReadyLine);
            // sudo's own refusals ("a password is required") are read too, so sudo runs under the C locale as well.
            var argv = Elevation switch
            {
                Elevation.SudoNoPassword => CommandGuard.InCLocale(new[] { "sudo", "-n", "--" }.Concat(guarded)),
                // -k: sudo asks every time, so each command's prompt is answered by that command's exchange.
                Elevation.SudoWithPassword => CommandGuard.InCLocale(new[] { "sudo", "-S", "-k", "-p", sudo!.Value.Prompt, "--" }.Concat(guarded)),
                _ => guarded,
            };
            return await RunRawAsync(command, input, "exec " + ShellQuoting.Join(argv), sudo, cancellationToken).ConfigureAwait(false);
        }

        private async Task<CommandResult> RunRawAsync(HostCommand command, byte[] input, string commandText, (string Prompt, string ReadyLine)? sudo, CancellationToken cancellationToken)
        {
            var client = _client ?? throw new InvalidOperationException("Not connected.");
            var stopwatch = Stopwatch.StartNew();
            var utf8 = new UTF8Encoding(false);
            using var ssh = client.CreateCommand(commandText, utf8);
            // The remote timeout is the real limit; this one only stops waiting for a host that went silent.
            ssh.CommandTimeout = CommandGuard.Backstop(command);
            var execution = ssh.ExecuteAsync(CancellationToken.None);
            // Standard input stays open while the command runs: closing it (on Ctrl+C, or when the connection drops)
            // is what makes the guard on the host stop the command.
            System.IO.Stream? stdin;
            try
            {
                stdin = ssh.CreateInputStream();
            }
            catch (InvalidOperationException)
            {
                stdin = null; // the command already ended (it read no input): its exit status tells the story
            }
            var stderrPrefix = "";
            try
            {
                if (stdin is null) input = Array.Empty<byte>();
                else if (sudo != null)
                {
                    var (ready, seen) = await AnswerSudoAsync(ssh, stdin, sudo.Value.Prompt, sudo.Value.ReadyLine, cancellationToken).ConfigureAwait(false);
                    stderrPrefix = seen;
                    if (!ready) input = Array.Empty<byte>();
                }
                if (stdin != null)
                {
                    if (input.Length > 0) await stdin.WriteAsync(input, 0, input.Length, cancellationToken).ConfigureAwait(false);
                    await stdin.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
                await WaitAsync(execution, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                CloseQuietly(stdin);
                throw;
            }
            catch (SshOperationTimeoutException)
            {
                CloseQuietly(stdin);
                return new CommandResult(HostLabel, command.Argv, CommandResult.TimeoutExitCode, "",
                    $"No answer within {ssh.CommandTimeout.TotalSeconds:0} s.", stopwatch.Elapsed, timedOut: true);
            }
            catch (Exception ex) when (ex is SshConnectionException || ex is ObjectDisposedException || (ex is SshException && !client.IsConnected))
            {
                CloseQuietly(stdin);
                throw new SessionClosedException(HostLabel, "the SSH connection was lost (" + ex.Message + ")");
            }
            catch (Exception ex) when (ex is InvalidOperationException || ex is System.IO.IOException || ex is SshException)
            {
                // The command ended without reading its input; its exit status tells the story.
                await WaitAsync(execution, cancellationToken).ConfigureAwait(false);
            }
            CloseQuietly(stdin);
            // A null exit status means the remote command died of a signal; report it as the shell would (128+n).
            var exit = ssh.ExitStatus ?? 128 + SignalNumber(ssh.ExitSignal);
            return new CommandResult(HostLabel, command.Argv, exit, ssh.Result, stderrPrefix + ssh.Error, stopwatch.Elapsed,
                timedOut: exit == CommandResult.TimeoutExitCode);
        }

        private static async Task WaitAsync(Task execution, CancellationToken cancellationToken)
        {
            if (execution.IsCompleted) { await execution.ConfigureAwait(false); return; }
            var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (cancellationToken.Register(() => cancelled.TrySetResult(true)))
            {
                if (await Task.WhenAny(execution, cancelled.Task).ConfigureAwait(false) != execution)
                    throw new OperationCanceledException(cancellationToken);
            }
            await execution.ConfigureAwait(false);
        }

        /// <summary>
        /// Reads the command's stderr until the guard's ready line: answers sudo's first prompt with the password, and
        /// a second prompt (a wrong password) with end of input, so sudo gives up instead of reading anything else.
        /// Returns whether the guard runs, and the stderr text seen that is not part of the exchange.
        /// </summary>
        private async Task<(bool Ready, string Seen)> AnswerSudoAsync(SshCommand ssh, System.IO.Stream stdin, string prompt, string readyLine, CancellationToken cancellationToken)
        {
            var utf8 = new UTF8Encoding(false);
            var seen = new StringBuilder();
            var buffer = new byte[4096];
            var answered = false;
            var decoder = utf8.GetDecoder();
            var chars = new char[utf8.GetMaxCharCount(buffer.Length)];
            while (true)
            {
                var n = await ssh.ExtendedOutputStream.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false);
                if (n == 0) return (false, seen.ToString().Replace(prompt, ""));
                seen.Append(chars, 0, decoder.GetChars(buffer, 0, n, chars, 0));
                var text = seen.ToString();
                var ready = text.IndexOf(readyLine + "\n", StringComparison.Ordinal);
                if (ready >= 0)
                    return (true, text.Substring(ready + readyLine.Length + 1).Replace(prompt, ""));
                var prompts = CountOf(text, prompt);
                if (prompts == 1 && !answered)
                {
                    answered = true;
                    var line = utf8.GetBytes((_settings.Password ?? "") + "\n");
                    await stdin.WriteAsync(line, 0, line.Length, cancellationToken).ConfigureAwait(false);
                    await stdin.FlushAsync(cancellationToken).ConfigureAwait(false);
                    Array.Clear(line, 0, line.Length);
                }
                else if (prompts > 1)
                {
                    CloseQuietly(stdin);
                }
            }
        }

        private static int CountOf(string text, string part)
        {
            var count = 0;
            for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) count++;
            return count;
        }

        private static void CloseQuietly(System.IO.Stream? stream)
        {
            try { stream?.Dispose(); }
            catch (Exception ex) when (ex is InvalidOperationException || ex is System.IO.IOException || ex is ObjectDisposedException || ex is SshException) { }
        }

        private static int SignalNumber(string? signal) => signal switch
        {
            "HUP" => 1, "INT" => 2, "QUIT" => 3, "KILL" => 9, "SEGV" => 11, "PIPE" => 13, "TERM" => 15, _ => 0,
        };

        private async Task EnsureConnectedAsync(CancellationToken cancellationToken)
        {
            if (_client?.IsConnected == true) return;
            // A session that was connected and lost its connection stays closed: a silent reconnect could reach a
            // different host behind the same address, and a half-done change must not go on as if nothing happened.
            if (_client != null) throw new SessionClosedException(HostLabel, "the SSH connection was lost");
            await _connectLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (_client?.IsConnected == true) return;
                if (_client != null) throw new SessionClosedException(HostLabel, "the SSH connection was lost");
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
}
