using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using XHostNet.Execution;
using XHostNet.Planning;
using XHostNet.Sessions;

namespace XHostNet.Linux
{
    /// <summary>
    /// Moving a NIC's addresses and routes into a bridge as one step that undoes itself unless confirmed (see
    /// <see cref="AddressMoveWatchdog"/>). Made by <see cref="AddressMovePlanner.Plan"/>; <see cref="StartAsync"/> hands the
    /// move to the host's watchdog over the session, <see cref="ConfirmAsync"/> confirms it over a new connection (the
    /// session's own may be cut by the move) or learns that the host rolled back. <see cref="ApplyAsync"/> does both.
    /// </summary>
    public sealed class AddressMovePlan
    {
        // Between confirmation attempts: short, because every one of them counts against the confirm timeout.
        private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(300);
        // How long a check that the original session still answers may take before it counts as not answering.
        private static readonly TimeSpan OriginalCheckTimeout = TimeSpan.FromSeconds(15);

        internal AddressMovePlan(XHostSession session, string nic, string bridge, TimeSpan confirmTimeout, LinuxBridge? current,
            IReadOnlyList<MovedAddress> addresses, IReadOnlyList<MovedRoute> routes, bool createsBridge,
            IReadOnlyList<IReadOnlyList<string>> apply, IReadOnlyList<(IReadOnlyList<string> Command, bool GoneIsFine)> restore, bool release = false)
        {
            Release = release;
            Session = session;
            Nic = nic;
            Bridge = bridge;
            ConfirmTimeout = confirmTimeout;
            Current = current;
            Addresses = addresses;
            Routes = routes;
            CreatesBridge = createsBridge;
            ApplyCommands = apply;
            RestoreCommands = restore.Select(r => r.Command).ToList();
            Directory = AddressMoveWatchdog.NewDirectory();
            Script = IsEmpty ? "" : AddressMoveWatchdog.Script(Directory, confirmTimeout, Summary, apply, restore);
            LaunchCommand = AddressMoveWatchdog.LaunchCommand(Directory, Script);
        }

        public XHostSession Session { get; }
        public string Nic { get; }
        public string Bridge { get; }
        public TimeSpan ConfirmTimeout { get; }
        /// <summary>The bridge as it is before the move; null when the move makes it.</summary>
        public LinuxBridge? Current { get; }
        public IReadOnlyList<MovedAddress> Addresses { get; }
        public IReadOnlyList<MovedRoute> Routes { get; }
        /// <summary>Made by the move (into the bridge), or deleted by it (a release, out of it).</summary>
        public bool CreatesBridge { get; }
        /// <summary>The NIC's addresses and routes go back from the bridge onto it (Disconnect-XHostNetwork), not into the bridge.</summary>
        public bool Release { get; }
        /// <summary>What the watchdog runs to move, in order; it restores at the first failure.</summary>
        public IReadOnlyList<IReadOnlyList<string>> ApplyCommands { get; }
        /// <summary>What the watchdog runs to put the saved state back, in order, going on past a failure.</summary>
        public IReadOnlyList<IReadOnlyList<string>> RestoreCommands { get; }
        /// <summary>The move's directory on the host (<see cref="AddressMoveWatchdog.Root"/>/move-…): its token and its record.</summary>
        public string Directory { get; }
        public string Script { get; }
        /// <summary>The one command <see cref="StartAsync"/> runs: it writes <see cref="Script"/> and starts it detached.</summary>
        public IReadOnlyList<string> LaunchCommand { get; }
        /// <summary>Round trips over the new connections <see cref="ConfirmAsync"/> opened (the session's own count only its own).</summary>
        public long SiblingRoundTrips { get; private set; }
        /// <summary>Nothing to move: the NIC is a port of the bridge and holds no address any more.</summary>
        public bool IsEmpty => ApplyCommands.Count == 0;

        public string Summary =>
            (Release ? $"'{Nic}' out of bridge '{Bridge}'{(CreatesBridge ? " (deleted)" : "")}, back onto it, with "
                : $"'{Nic}' into bridge '{Bridge}'{(CreatesBridge ? " (made for it)" : "")} with ") +
            (Addresses.Count == 0 ? "no address" : string.Join(", ", Addresses)) +
            (Routes.Count == 0 ? "" : "; routes " + string.Join(", ", Routes));

        /// <summary>The lines -WhatIf shows after the launch command: what moves, and how the move undoes itself.</summary>
        public IReadOnlyList<string> Details => new[]
        {
            "Moves " + Summary + ".",
            $"The watchdog restores the prior state by itself unless a new connection confirms within {Seconds(ConfirmTimeout)} s.",
            "It runs these to move: " + string.Join("; ", ApplyCommands.Select(ShellQuoting.Join)),
            "and these to restore: " + string.Join("; ", RestoreCommands.Select(ShellQuoting.Join)),
        };

        /// <summary>
        /// As a <see cref="ChangePlan{T}"/>: its one command starts the watchdog, and its read-back confirms the move over a
        /// new connection and returns the bridge as the host reports it, or throws when the move did not stay
        /// (<see cref="AddressMoveResult"/> in <see cref="EnsureConfirmed"/>'s words). The cmdlets' read → plan → ShouldProcess
        /// → apply path runs it like any other change.
        /// </summary>
        public ChangePlan<LinuxBridge> ToChangePlan()
        {
            var plan = new ChangePlan<LinuxBridge>(Session, $"bridge {Bridge}: {Nic} with its addresses and routes",
                IsEmpty ? Array.Empty<IReadOnlyList<string>>() : new[] { LaunchCommand }, Current);
            plan.Details.AddRange(IsEmpty ? Array.Empty<string>() : Details);
            return plan.WithAsyncReadBack(async ct => EnsureConfirmed(await ConfirmAsync(ct).ConfigureAwait(false)).Bridge!);
        }

        /// <summary>Starts the move and confirms it; the bridge as the host reports it, or an error saying how the host rolled back.</summary>
        public async Task<LinuxBridge?> ApplyAsync(CancellationToken cancellationToken)
        {
            if (IsEmpty) return Current;
            await StartAsync(cancellationToken).ConfigureAwait(false);
            return EnsureConfirmed(await ConfirmAsync(cancellationToken).ConfigureAwait(false)).Bridge;
        }

        /// <summary>Hands the move to the host's watchdog over the session (one round trip); the watchdog starts a second later.</summary>
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            var result = await Session.RunAsync(LaunchCommand, cancellationToken).ConfigureAwait(false);
            result.EnsureSuccess();
        }

        /// <summary>
        /// Call right after <see cref="StartAsync"/>. Confirms the move over new connections (<see cref="XHostSession.OpenSiblingAsync"/>)
        /// until the timeout; if none gets through, waits for the watchdog to restore, then reconnects to learn the outcome,
        /// and checks whether the original session answers again. Cancelling stops the confirming, not the watchdog: an
        /// unconfirmed move is rolled back on the host.
        /// </summary>
        public async Task<AddressMoveResult> ConfirmAsync(CancellationToken cancellationToken)
        {
            var deadline = DateTime.UtcNow + AddressMoveWatchdog.Settle + ConfirmTimeout;
            // The confirming connection should be opened after the move, so that it proves new connections work.
            await Task.Delay(AddressMoveWatchdog.Settle + RetryPause, cancellationToken).ConfigureAwait(false);
            string? unreachable = null;
            var finished = false;
            while (!finished && DateTime.UtcNow < deadline)
            {
                try
                {
                    // One limit for connecting and asking: a connection made while the move was still on its way may stall.
                    using var attempt = Until(deadline, cancellationToken);
                    using var sibling = await Session.OpenSiblingAsync(attempt.Token).ConfigureAwait(false);
                    try
                    {
                        var word = FirstLine((await sibling.RunAsync(AddressMoveWatchdog.ConfirmCommand(Directory), attempt.Token).ConfigureAwait(false))
                            .EnsureSuccess().StandardOutput);
                        if (word == AddressMoveWatchdog.ConfirmedWord)
                            return await FinishAsync(sibling, unreachable: null, cancellationToken).ConfigureAwait(false);
                        // An outcome already (a failed command was restored at once), or restoring now: it is over either way.
                        finished = AddressMoveWatchdog.ParseOutcome(word) != null || word == "restoring" || word == "done" || word == "missing";
                    }
                    finally
                    {
                        SiblingRoundTrips += sibling.RoundTrips;
                    }
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested && !(ex is InvalidOperationException))
                {
                    unreachable = ex is OperationCanceledException ? "no answer before the deadline" : ex.Message;
                }
                if (!finished) await Task.Delay(RetryPause, cancellationToken).ConfigureAwait(false);
            }

            // Not confirmed: the watchdog restores at its deadline. Give it that time, then ask it over a new connection.
            var wait = deadline + TimeSpan.FromSeconds(1) - DateTime.UtcNow;
            if (!finished && wait > TimeSpan.Zero) await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            var verifyUntil = DateTime.UtcNow + TimeSpan.FromSeconds(Math.Max(30, ConfirmTimeout.TotalSeconds));
            while (true)
            {
                try
                {
                    XHostSession sibling;
                    using (var attempt = Until(verifyUntil, cancellationToken)) sibling = await Session.OpenSiblingAsync(attempt.Token).ConfigureAwait(false);
                    using (sibling)
                    {
                        try
                        {
                            return await FinishAsync(sibling, unreachable ?? "the confirmation came too late", cancellationToken).ConfigureAwait(false);
                        }
                        finally
                        {
                            SiblingRoundTrips += sibling.RoundTrips;
                        }
                    }
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested && !(ex is InvalidOperationException) && DateTime.UtcNow < verifyUntil)
                {
                    await Task.Delay(RetryPause, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested && !(ex is InvalidOperationException))
                {
                    return new AddressMoveResult(AddressMoveOutcome.Unknown, "", null, ex is OperationCanceledException ? "no answer before the deadline" : ex.Message,
                        await OriginalSessionProblemAsync(cancellationToken).ConfigureAwait(false));
                }
            }
        }

        /// <summary>The result as it is when the move stayed; otherwise an <see cref="XHostException"/> that says what the host did.</summary>
        public AddressMoveResult EnsureConfirmed(AddressMoveResult result)
        {
            if (result.Outcome == AddressMoveOutcome.Confirmed) return result;
            var what = $"Moving {Summary} on host '{Session.Host}'";
            var original = result.OriginalSessionProblem is null
                ? " The session that started the move works again."
                : $" The session that started the move did not survive ({result.OriginalSessionProblem}); open a new one with New-XHostSession.";
            var log = result.Log.Trim().Length == 0 ? "" : " Watchdog log: " + result.Log.Trim().Replace("\n", " | ");
            throw result.Outcome switch
            {
                AddressMoveOutcome.RolledBack => new XHostException(XHostErrorKind.Failed, ErrorIds.AddressMoveRolledBack,
                    $"{what} was not confirmed within {Seconds(ConfirmTimeout)} s: no new connection confirmed it ({result.Unreachable}). " +
                    "The host's watchdog rolled the move back and restored the addresses, routes and links as they were." + original),
                AddressMoveOutcome.ApplyFailed => new XHostException(XHostErrorKind.Failed, ErrorIds.AddressMoveFailed,
                    $"{what} failed on the host, and its watchdog restored the prior state at once.{log}" + original),
                AddressMoveOutcome.RollbackFailed => new XHostException(XHostErrorKind.Failed, ErrorIds.AddressMoveRollbackFailed,
                    $"{what} did not stay, and restoring the prior state failed as well: the host may be half-changed. The saved state is in " +
                    $"{Directory} on the host.{log}" + original),
                _ => new XHostException(XHostErrorKind.Unavailable, ErrorIds.AddressMoveUnverified,
                    $"{what}: no new connection reached the host, neither within the confirm timeout of {Seconds(ConfirmTimeout)} s nor after it " +
                    $"({result.Unreachable}). Its watchdog rolls an unconfirmed move back by itself; its record is in {Directory} on the host." + original),
            };
        }

        // Cancelled at the deadline (at least a second from now, so that an attempt at the last moment can still connect) or by the caller.
        private static CancellationTokenSource Until(DateTime deadline, CancellationToken cancellationToken)
        {
            var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var left = deadline - DateTime.UtcNow;
            attempt.CancelAfter(left > TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1));
            return attempt;
        }

        // Over a connection that works: the outcome and log (the watchdog's record goes), and the bridge after a confirmed move.
        private async Task<AddressMoveResult> FinishAsync(XHostSession sibling, string? unreachable, CancellationToken cancellationToken)
        {
            var batch = await sibling.RunBatchAsync(new[] { AddressMoveWatchdog.FinishCommand(Directory), IpJson.ShowLinksCommand },
                stopOnError: false, cancellationToken).ConfigureAwait(false);
            var output = batch.Results[0].EnsureSuccess().StandardOutput;
            var word = FirstLine(output);
            var log = output.Length > word.Length ? output.Substring(output.IndexOf('\n') + 1) : "";
            var outcome = AddressMoveWatchdog.ParseOutcome(word) ?? AddressMoveOutcome.Unknown;
            if (outcome == AddressMoveOutcome.Confirmed)
            {
                var links = IpJson.ParseLinks(batch.Results[1].EnsureSuccess().StandardOutput);
                // A release may have deleted the bridge.
                return new AddressMoveResult(outcome, log, links.Any(l => l.Name == Bridge) ? LinuxBridgePlanner.ReadBridge(Session, links, Bridge) : null, null, null);
            }
            return new AddressMoveResult(outcome, log, null, outcome == AddressMoveOutcome.Unknown ? $"the watchdog's state is '{word}'" : unreachable,
                await OriginalSessionProblemAsync(cancellationToken).ConfigureAwait(false));
        }

        private async Task<string?> OriginalSessionProblemAsync(CancellationToken cancellationToken)
        {
            try
            {
                var result = await Session.RunAsync(new[] { "true" }, cancellationToken, timeout: OriginalCheckTimeout).ConfigureAwait(false);
                return result.Succeeded ? null : $"a command through it ended with exit {result.ExitCode}";
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                return ex.Message;
            }
        }

        private static string FirstLine(string text)
        {
            var end = text.IndexOf('\n');
            return (end < 0 ? text : text.Substring(0, end)).Trim();
        }

        private static string Seconds(TimeSpan span) => Math.Ceiling(span.TotalSeconds).ToString(CultureInfo.InvariantCulture);
    }
}
