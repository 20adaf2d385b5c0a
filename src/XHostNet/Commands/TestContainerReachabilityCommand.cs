using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using XHostNet.Docker;
using XHostNet.Execution;
using XHostNet.Linux;
using XHostNet.Reachability;
using XHostNet.PowerShell;
using XHostNet.Sessions;

namespace XHostNet.Commands
{
    /// <summary>
    /// Test-ContainerReachability: pings from every source (hosts, or containers on them) to every target (addresses,
    /// names, or containers resolved to their addresses), in parallel, and writes one result per pair with the
    /// packets, the round-trip times and the path the packets take; -Quiet answers true or false.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "ContainerReachability", DefaultParameterSetName = FromHost)]
    [OutputType(typeof(ReachabilityResult), typeof(bool))]
    public sealed class TestContainerReachabilityCommand : HostCmdlet
    {
        private const string FromHost = "FromHost";
        private const string FromContainer = "FromContainer";

        /// <summary>Containers to ping from, each on whichever -Session host runs it.</summary>
        [Parameter(Mandatory = true, ParameterSetName = FromContainer, ValueFromPipelineByPropertyName = true)]
        [ValidatePattern(@"^[A-Za-z0-9][A-Za-z0-9_.-]*\z", Options = RegexOptions.CultureInvariant)]
        [ArgumentCompleter(typeof(ContainerNameCompleter))]
        public string[] Container { get; set; } = Array.Empty<string>();

        /// <summary>Addresses or names to reach; a CIDR (10.1.2.5/24) stands for its address.</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string[]? Target { get; set; }

        /// <summary>Containers to reach, each at every IPv4 address it has (looked up on -TargetSession).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidatePattern(@"^[A-Za-z0-9][A-Za-z0-9_.-]*\z", Options = RegexOptions.CultureInvariant)]
        [ArgumentCompleter(typeof(ContainerNameCompleter))]
        public string[]? TargetContainer { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public XHostSession[]? TargetSession { get; set; }

        [Parameter]
        [ValidateRange(1, 1000)]
        public int Count { get; set; } = 3;

        [Parameter]
        [ValidateRange(0.002, 60.0)]
        public double IntervalSeconds { get; set; } = 0.2;

        [Parameter]
        [ValidateRange(1, 60)]
        public int TimeoutSeconds { get; set; } = 2;

        /// <summary>ICMP payload bytes; with -DontFragment, MTU − 28 tests a full-size packet.</summary>
        [Parameter]
        [ValidateRange(0, 65507)]
        public int? Size { get; set; }

        [Parameter]
        public SwitchParameter DontFragment { get; set; }

        [Parameter]
        [ValidateRange(1, 65535)]
        public int? TcpPort { get; set; }

        [Parameter]
        public SwitchParameter Quiet { get; set; }

        [Parameter]
        [ValidateRange(1, 256)]
        public int ThrottleLimit { get; set; } = 16;

        private readonly List<ReachabilitySource> _sources = new List<ReachabilitySource>();
        // Containers already read while finding the sources: each pair reuses the state instead of inspecting again.
        private readonly List<(ReachabilitySource, ContainerState)> _containers = new List<(ReachabilitySource, ContainerState)>();
        private bool _unresolved;
        private readonly LatestProgress _progress = new LatestProgress();

        protected override void ProcessRecord()
        {
            if (ParameterSetName == FromContainer)
            {
                foreach (var (name, state) in FindContainers(Container, SessionsOrLocal(Session), "-Session"))
                {
                    var source = new ReachabilitySource(state.Session, name);
                    _sources.Add(source);
                    _containers.Add((source, state));
                }
            }
            else _sources.AddRange(SessionsOrLocal(Session).Select(s => new ReachabilitySource(s, null)));
        }

        /// <summary>Each container on the first of the hosts that runs it; one error for a container no host runs.</summary>
        private IEnumerable<(string Name, ContainerState State)> FindContainers(IEnumerable<string> names, IReadOnlyList<XHostSession> hosts, string parameter)
        {
            foreach (var name in names)
            {
                var found = OnEach(hosts, async (s, ct) =>
                {
                    try
                    {
                        return await ContainerState.ReadAsync(s, name, ct).ConfigureAwait(false);
                    }
                    catch (XHostException ex) when (ex.ErrorId == ErrorIds.ContainerNotFound)
                    {
                        return null;
                    }
                }).ToList();
                var hit = found.FirstOrDefault(o => o.Error is null && o.Value != null);
                if (hit.Value is null)
                {
                    _unresolved = true;
                    var cause = found.FirstOrDefault(o => o.Error != null).Error;
                    if (cause != null) WriteHostError(cause, name);
                    else WriteError(new ErrorRecord(new ItemNotFoundException($"No host of {parameter} runs a container '{name}'."),
                        ErrorIds.ContainerNotFound, ErrorCategory.ObjectNotFound, name));
                    continue;
                }
                yield return (name, hit.Value);
            }
        }

        protected override void EndProcessing()
        {
            if (Target is null && TargetContainer is null)
            {
                ThrowTerminatingError(new ErrorRecord(new PSArgumentException("Give -Target (addresses or names) or -TargetContainer."),
                    ErrorIds.ReachabilityTargetMissing, ErrorCategory.InvalidArgument, Sessions));
            }
            var targets = new List<ReachabilityTarget>();
            foreach (var t in Target ?? Array.Empty<string>())
            {
                var target = ReachabilityTarget.FromText(t);
                if (target is null)
                    ThrowTerminatingError(new ErrorRecord(new PSArgumentException(
                            $"'{t}' is not an address (IPv4 as four decimal numbers such as 10.200.1.1, or IPv6), a CIDR of one, or a host name."),
                        ErrorIds.ReachabilityTargetInvalid, ErrorCategory.InvalidArgument, t));
                targets.Add(target!);
            }
            targets.AddRange(ResolveTargetContainers());

            var options = new ReachabilityOptions
            {
                Count = Count, IntervalSeconds = IntervalSeconds, TimeoutSeconds = TimeoutSeconds, Size = Size, DontFragment = DontFragment, TcpPort = TcpPort,
            };
            // The sessions this runspace knows: a stand-in container's host is followed when one of them is its namespace.
            var knownHosts = SessionRegistry.All(RunspaceScope).Concat(Session ?? Array.Empty<XHostSession>())
                .Concat(TargetSession ?? Array.Empty<XHostSession>()).Distinct().ToList();
            var run = ReachabilityRun.OnHosts(options, ThrottleLimit, _containers, knownHosts);
            var pairs = ReachabilityRun.Pairs(_sources, targets);
            var outcomes = WhileShowingProgress(run.RunAsync(pairs, _progress, StopToken), pairs.Count);

            var all = true;
            foreach (var outcome in outcomes)
            {
                if (outcome.Error != null)
                {
                    all = false;
                    if (!Quiet) WriteHostError(outcome.Error, outcome.Item.Source.Session);
                    continue;
                }
                all &= outcome.Value.Success;
                if (!Quiet) WriteObject(outcome.Value);
            }
            if (Quiet) WriteObject(all && outcomes.Count > 0 && !_unresolved);
        }

        /// <summary>Waits for the run on the pipeline thread (the only one that may write), showing its progress meanwhile.</summary>
        private IReadOnlyList<Outcome<ReachabilityPair, ReachabilityResult>> WhileShowingProgress(Task<IReadOnlyList<Outcome<ReachabilityPair, ReachabilityResult>>> running, int pairCount)
        {
            var record = new ProgressRecord(1, "Test-ContainerReachability", $"{pairCount} pairs");
            try
            {
                while (!running.Wait(250))
                {
                    var now = _progress.Latest;
                    record.PercentComplete = now.PercentComplete;
                    record.StatusDescription = $"{now.Done} of {now.Total} pairs done";
                    WriteProgress(record);
                }
            }
            catch (AggregateException) when (StopToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            record.RecordType = ProgressRecordType.Completed;
            WriteProgress(record);
            return running.Result;
        }

        /// <summary>Keeps the last progress the run reported (from any thread), for the pipeline thread to show.</summary>
        private sealed class LatestProgress : IProgress<ReachabilityProgress>
        {
            private ReachabilityProgress _latest;
            private readonly object _gate = new object();
            public ReachabilityProgress Latest { get { lock (_gate) return _latest; } }
            public void Report(ReachabilityProgress value) { lock (_gate) if (value.Done >= _latest.Done) _latest = value; }
        }

        private IEnumerable<ReachabilityTarget> ResolveTargetContainers()
        {
            if (TargetContainer is null) yield break;
            var hosts = TargetSession is { Length: > 0 } ? TargetSession : SessionsOrLocal(Session);
            foreach (var (name, state) in FindContainers(TargetContainer, hosts, TargetSession is { Length: > 0 } ? "-TargetSession" : "-Session").ToList())
            {
                var owner = new ReachabilitySource(state.Session, name);
                foreach (var address in state.Interfaces().SelectMany(i => i.Addresses).Where(a => !a.Contains(":")))
                    yield return new ReachabilityTarget($"{name} ({address.Substring(0, address.IndexOf('/'))})", address.Substring(0, address.IndexOf('/')), owner);
            }
        }
    }
}
