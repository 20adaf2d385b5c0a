using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using XHostNet.Docker;
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
    public sealed class TestContainerReachabilityCommand : XHostCmdlet
    {
        private const string FromHost = "FromHost";
        private const string FromContainer = "FromContainer";

        /// <summary>Containers to ping from, each on whichever -Session host runs it.</summary>
        [Parameter(Mandatory = true, ParameterSetName = FromContainer, ValueFromPipelineByPropertyName = true)]
        [ValidatePattern(@"^[A-Za-z0-9][A-Za-z0-9_.-]*\z", Options = RegexOptions.CultureInvariant)]
        [ArgumentCompleter(typeof(ContainerNameCompleter))]
        public string[] Container { get; set; } = Array.Empty<string>();

        /// <summary>The hosts to ping from (FromHost), or the host the containers run on (FromContainer).</summary>
        [Parameter(ParameterSetName = FromHost, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = FromContainer, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [SessionArgument]
        [ArgumentCompleter(typeof(SessionCompleter))]
        public XHostSession[]? Session { get; set; }

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
        private readonly ConcurrentDictionary<(XHostSession, string), Task<ContainerState>> _containers =
            new ConcurrentDictionary<(XHostSession, string), Task<ContainerState>>();
        private bool _unresolved;

        protected override void ProcessRecord()
        {
            if (ParameterSetName == FromContainer)
            {
                foreach (var (name, state) in FindContainers(Container, SessionsOrLocal(Session), "-Session"))
                {
                    _sources.Add(new ReachabilitySource(state.Session, name));
                    _containers[(state.Session, name)] = Task.FromResult(state);
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
                    ErrorIds.ReachabilityTargetMissing, ErrorCategory.InvalidArgument, null));
            }
            var targets = new List<ReachabilityTarget>();
            foreach (var t in Target ?? Array.Empty<string>())
            {
                var address = t.Contains("/") ? t.Substring(0, t.IndexOf('/')) : t;
                if (!IsTarget(t, address))
                    ThrowTerminatingError(new ErrorRecord(new PSArgumentException(
                            $"'{t}' is not an address (IPv4 as four decimal numbers such as 10.200.1.1, or IPv6), a CIDR of one, or a host name."),
                        ErrorIds.ReachabilityTargetInvalid, ErrorCategory.InvalidArgument, t));
                targets.Add(new ReachabilityTarget(t, address));
            }
            targets.AddRange(ResolveTargetContainers());

            Task<ContainerState> ContainerOf(ReachabilitySource s, CancellationToken ct) =>
                _containers.GetOrAdd((s.Session, s.Container!), key => ContainerState.ReadAsync(key.Item1, key.Item2, ct));
            var options = new ReachabilityOptions
            {
                Count = Count, IntervalSeconds = IntervalSeconds, TimeoutSeconds = TimeoutSeconds, Size = Size, DontFragment = DontFragment, TcpPort = TcpPort,
            };
            var pairs = _sources.SelectMany(s => targets.Where(t => !(t.Owner != null && t.Owner.Session == s.Session && t.Owner.Container == s.Container))
                .Select(t => (Source: s, Target: t))).ToList();

            var throttle = new SemaphoreSlim(ThrottleLimit);
            var tasks = pairs.Select(async pair =>
            {
                await throttle.WaitAsync(StopToken).ConfigureAwait(false);
                try
                {
                    return (Result: await ReachabilityProbe.RunAsync(pair.Source, pair.Target, options, ContainerOf, StopToken).ConfigureAwait(false), Error: (Exception?)null);
                }
                catch (Exception ex) when (!(ex is OperationCanceledException && StopToken.IsCancellationRequested))
                {
                    return (Result: (ReachabilityResult?)null, Error: ex);
                }
                finally
                {
                    throttle.Release();
                }
            }).ToList();

            // Progress from the pipeline thread while the pairs run.
            var progress = new ProgressRecord(1, "Test-ContainerReachability", $"{pairs.Count} pairs");
            try
            {
                while (tasks.Count > 0 && !Task.WaitAll(tasks.Cast<Task>().ToArray(), 250))
                {
                    var done = tasks.Count(t => t.IsCompleted);
                    progress.PercentComplete = 100 * done / tasks.Count;
                    progress.StatusDescription = $"{done} of {tasks.Count} pairs done";
                    WriteProgress(progress);
                }
            }
            catch (AggregateException) when (StopToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);

            var all = true;
            for (var i = 0; i < tasks.Count; i++)
            {
                var (result, error) = tasks[i].Result;
                if (error != null)
                {
                    all = false;
                    if (!Quiet) WriteHostError(error, pairs[i].Source.Session);
                    continue;
                }
                all &= result!.Success;
                if (!Quiet) WriteObject(result);
            }
            if (Quiet) WriteObject(all && tasks.Count > 0 && !_unresolved);
        }

        private static readonly Regex HostName = new Regex(@"^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?\z", RegexOptions.CultureInvariant);

        // ping reads "1", "010.1.1.1" or "0x0a.1.1.1" the inet_aton way (0.0.0.1, 8.1.1.1, 10.1.1.1): what looks like a
        // number must be a proper address; anything else must be a plain ASCII host name.
        private static bool IsTarget(string text, string address)
        {
            if (text.Contains("/")) return InterfaceAddress.TryParse(text, out _, out _);
            var numeric = address.Split('.').All(l => l.Length == 0 || l.All(c => c >= '0' && c <= '9') ||
                                                      (l.StartsWith("0x", StringComparison.OrdinalIgnoreCase)));
            if (address.Contains(":") || numeric) return InterfaceAddress.TryParseAddress(address, out _, out _);
            return HostName.IsMatch(address);
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
