using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace XHostNet.Execution
{
    /// <summary>
    /// Runs commands as child processes of this machine, optionally behind a fixed prefix
    /// (<c>ip netns exec NAME</c> makes a network namespace look like a host of its own), each under the
    /// <see cref="CommandGuard"/>: no shell string is ever built from an argument.
    /// </summary>
    public sealed class ProcessExecutor : ICommandExecutor
    {
        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        private readonly IReadOnlyList<string> _prefix;

        private ProcessExecutor(string hostLabel, IReadOnlyList<string> prefix)
        {
            HostLabel = hostLabel;
            _prefix = prefix;
        }

        public static ProcessExecutor Local() => new ProcessExecutor("local", Array.Empty<string>());

        public static ProcessExecutor NetworkNamespace(string name) =>
            new ProcessExecutor("netns:" + name, new[] { "ip", "netns", "exec", name }) { NamespaceName = name };

        public string HostLabel { get; }

        /// <summary>The namespace this executor enters, or null for this machine itself.</summary>
        public string? NamespaceName { get; private set; }

        /// <summary>False once the network namespace is gone (deleted with ip netns del, or its lab removed).</summary>
        public bool IsOpen => NamespaceName is null || System.IO.File.Exists("/run/netns/" + NamespaceName);

        public async Task<CommandResult> RunAsync(HostCommand command, CancellationToken cancellationToken)
        {
            if (!IsOpen)
                throw new SessionClosedException(HostLabel, $"the network namespace '{NamespaceName}' no longer exists");
            var input = CommandGuard.InputBytes(command);
            // ip netns exec, the prefix, does not translate its messages (it never calls setlocale); the guard sets the locale.
            var argv = _prefix.Concat(CommandGuard.Wrap(command, input.Length)).ToList();
            var stopwatch = Stopwatch.StartNew();
            using var process = new Process { StartInfo = CreateStartInfo(argv), EnableRaisingEvents = true };
            var exited = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            process.Exited += (_, _) => exited.TrySetResult(true);
            try
            {
                process.Start();
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                return new CommandResult(HostLabel, command.Argv, 127, "", $"{argv[0]}: {ex.Message}", stopwatch.Elapsed);
            }

            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            // Standard input stays open while we wait: closing it is how the guard learns to stop the command.
            var stdin = process.StandardInput.BaseStream;
            try
            {
                await stdin.WriteAsync(input, 0, input.Length, cancellationToken).ConfigureAwait(false);
                await stdin.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (System.IO.IOException)
            {
                // The guard exited without reading its input; its exit status tells the story.
            }
            catch (OperationCanceledException)
            {
                // Falls through to the wait below, which sees the cancellation and stops the command.
            }

            var backstop = CommandGuard.Backstop(command);
            using (var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                var finished = await Task.WhenAny(exited.Task, Task.Delay(backstop, cts.Token)).ConfigureAwait(false);
                cts.Cancel();
                if (finished != exited.Task)
                {
                    // Closing its input makes the guard stop the command's whole process group (TERM, then KILL).
                    CloseQuietly(stdin);
                    cancellationToken.ThrowIfCancellationRequested();
                    return new CommandResult(HostLabel, command.Argv, CommandResult.TimeoutExitCode, "",
                        $"Stopped after {backstop.TotalSeconds:0} s.", stopwatch.Elapsed, timedOut: true);
                }
            }
            process.WaitForExit(); // flushes the redirected streams
            CloseQuietly(stdin);
            var exitCode = process.ExitCode;
            return new CommandResult(HostLabel, command.Argv, exitCode, await stdout.ConfigureAwait(false),
                await stderr.ConfigureAwait(false), stopwatch.Elapsed, timedOut: exitCode == CommandResult.TimeoutExitCode);
        }

        private static void CloseQuietly(System.IO.Stream stream)
        {
            try { stream.Close(); } catch (System.IO.IOException) { } catch (ObjectDisposedException) { }
        }

        public void Dispose() { }

        public override string ToString() => HostLabel;

        private static ProcessStartInfo CreateStartInfo(IReadOnlyList<string> argv)
        {
            var info = new ProcessStartInfo
            {
                FileName = argv[0],
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                StandardOutputEncoding = Utf8,
                StandardErrorEncoding = Utf8,
            };
            // netstandard2.0 has no ArgumentList, but every runtime that hosts PowerShell 7 does: use it, so each
            // argument reaches the program exactly as given. Windows PowerShell falls back to escaped Arguments.
            if (ArgumentListProperty?.GetValue(info) is Collection<string> list)
            {
                foreach (var arg in argv.Skip(1)) list.Add(arg);
            }
            else
            {
                info.Arguments = string.Join(" ", argv.Skip(1).Select(EscapeForArgumentsString));
            }
            return info;
        }

        private static readonly PropertyInfo? ArgumentListProperty =
            typeof(ProcessStartInfo).GetProperty("ArgumentList", BindingFlags.Public | BindingFlags.Instance);

        // The parsing rules of ProcessStartInfo.Arguments (those of CommandLineToArgvW).
        internal static string EscapeForArgumentsString(string arg)
        {
            if (arg.Length > 0 && arg.IndexOfAny(new[] { ' ', '\t', '\n', '\v', '"', '\\' }) < 0) return arg;
            var sb = new StringBuilder("\"");
            var backslashes = 0;
            foreach (var c in arg)
            {
                if (c == '\\') { backslashes++; continue; }
                if (c == '"') sb.Append('\\', backslashes * 2 + 1);
                else sb.Append('\\', backslashes);
                backslashes = 0;
                sb.Append(c);
            }
            sb.Append('\\', backslashes * 2).Append('"');
            return sb.ToString();
        }
    }
}
