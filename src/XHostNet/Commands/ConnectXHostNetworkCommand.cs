using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using XHostNet.Linux;
using XHostNet.Network;
using XHostNet.Persistence;
using XHostNet.PowerShell;
using XHostNet.Reachability;
using XHostNet.Sessions;

namespace XHostNet.Commands
{
    /// <summary>
    /// Connect-XHostNetwork: takes N hosts to one working cross-host container network in one go: one read and one change
    /// round trip per host, all hosts at once, one result per host, a record on each host of what was made, and a
    /// reachability test across the hosts at the end.
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "XHostNetwork", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = BySession)]
    [OutputType(typeof(XHostNetworkResult), typeof(ReachabilityResult))]
    public sealed class ConnectXHostNetworkCommand : HostCmdlet
    {
        private const string BySession = "BySession";
        private const string ByPath = "ByPath";

        [Parameter(Mandatory = true, ParameterSetName = BySession)]
        public NetworkMode Mode { get; set; }

        /// <summary>
        /// The network the hosts' container subnets are cut from (SharedLan: the part of the LAN containers use). With
        /// -SubnetStore the store's network is taken; given as well, it must be that one.
        /// </summary>
        [Parameter(ParameterSetName = BySession)]
        [ValidateNetworkPrefix]
        [PrefixArgument]
        public InterfaceAddress ContainerNetwork { get; set; } = null!;

        [Parameter(ParameterSetName = BySession)]
        [ValidateRange(1, 30)]
        public int? SubnetPrefixLength { get; set; }

        [Parameter(ParameterSetName = BySession)]
        [ValidateRange(576, 65535)]
        public int? Mtu { get; set; }

        [Parameter(ParameterSetName = BySession)]
        [ValidatePattern(@"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}\z", Options = RegexOptions.CultureInvariant)]
        public string Name { get; set; } = NetworkSpec.DefaultName;

        /// <summary>Also set each host's dockerd onto br0 with the host's subnet, and restart it.</summary>
        [Parameter(ParameterSetName = BySession)]
        public SwitchParameter Docker { get; set; }

        /// <summary>Also write br0's boot configuration on each host, in the same change round trip, so the bridge survives a reboot.</summary>
        [Parameter(ParameterSetName = BySession)]
        public SwitchParameter Persist { get; set; }

        /// <summary>The format -Persist writes; the one each host uses when left out.</summary>
        [Parameter(ParameterSetName = BySession)]
        public BridgeConfigFormat? PersistFormat { get; set; }

        /// <summary>The configuration root -Persist writes under ({host} stands for the session's host); / when left out.</summary>
        [Parameter(ParameterSetName = BySession)]
        [ValidatePattern(@"^/[^\s\p{Cc}]*\z", Options = RegexOptions.CultureInvariant)]
        public string? PersistRoot { get; set; }

        /// <summary>With -Persist: replace configuration files XHostNet did not write, each kept as a backup beside it that Disconnect-XHostNetwork puts back.</summary>
        [Parameter(ParameterSetName = BySession)]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter SkipReachabilityTest { get; set; }

        [Parameter]
        [ValidateRange(1, 256)]
        public int ThrottleLimit { get; set; } = 32;

        /// <summary>Where each host keeps its record; {host} stands for the session's host, for hosts that share one filesystem.</summary>
        [Parameter(ParameterSetName = BySession)]
        [ValidatePattern(@"^/[^\s\p{Cc}]+\z", Options = RegexOptions.CultureInvariant)]
        public string? RecordDirectory { get; set; }

        /// <summary>A topology file (.psd1) naming the hosts, the mode, the network and per-host overrides.</summary>
        /// <summary>SharedLan: seconds each host's watchdog waits for a new connection to confirm the NIC's move into br0 before it rolls the move back.</summary>
        [Parameter]
        [ValidateRange(NetworkSpec.MinConfirmTimeoutSeconds, NetworkSpec.MaxConfirmTimeoutSeconds)]
        public int ConfirmTimeout { get; set; } = NetworkSpec.DefaultConfirmTimeoutSeconds;

        [Parameter(Mandatory = true, ParameterSetName = ByPath)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = "";

        /// <summary>
        /// etcd client URLs of the shared subnet store (flannel's layout): the network is the store's config, and each
        /// host's subnet is its lease there (reused for its underlay address, else claimed), instead of a share cut here.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidateEtcdEndpoint]
        public string[]? SubnetStore { get; set; }

        /// <summary>flannel's key prefix (flanneld --etcd-prefix), as -Prefix of the lease cmdlets.</summary>
        [Parameter]
        [ValidatePattern(@"^/[^\s\p{Cc}]*\z", Options = RegexOptions.CultureInvariant)]
        public string? EtcdPrefix { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? EtcdCertificate { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? EtcdKey { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? EtcdCa { get; set; }

        /// <summary>Reach etcd from the first host (curl there) instead of from this machine; certificate paths are then that host's.</summary>
        [Parameter]
        public SwitchParameter EtcdFromHost { get; set; }

        /// <summary>With -SubnetStore: where each host's subnet.env goes; {host} stands for the session's host, for hosts that share one filesystem.</summary>
        [Parameter]
        [ValidatePattern(@"^/[^\s\p{Cc}]+\z", Options = RegexOptions.CultureInvariant)]
        public string? SubnetFile { get; set; }

        private readonly List<XHostSession> _sessions = new List<XHostSession>();

        protected override void ProcessRecord() => _sessions.AddRange(Sessions);

        protected override void EndProcessing()
        {
            var made = new List<XHostSession>();
            try
            {
                var spec = ParameterSetName == ByPath ? FromFile(made) : new NetworkSpec
                {
                    Name = Name, Mode = Mode, ContainerNetwork = ContainerNetwork, SubnetPrefixLength = SubnetPrefixLength, Mtu = Mtu, RecordDirectory = RecordDirectory, Docker = Docker,
                    ConfirmTimeout = TimeSpan.FromSeconds(ConfirmTimeout),
                    Persist = PersistSpec(),
                    Hosts = _sessions.Distinct().Select(s => new NetworkHostSpec { Session = s }).ToList(),
                };
                if (spec.Hosts.Count > 0) Connect(spec, StoreSettings(spec));
            }
            finally
            {
                // Sessions the topology file made live as long as this command; the results keep their host labels.
                foreach (var session in made) session.Dispose();
            }
        }

        /// <summary>
        /// The subnet store's settings (the parameters win over the topology file's SubnetStore and EtcdPrefix); null without one.
        /// The settings that go with it are refused without it, and a network is needed from one of them, before anything is read.
        /// </summary>
        private Leases.EtcdSettings? StoreSettings(NetworkSpec spec)
        {
            try
            {
                if (SubnetFile != null) spec.SubnetFile = SubnetFile;
                var endpoints = SubnetStore ?? spec.SubnetStore?.Endpoints.Select(e => e.GetLeftPart(UriPartial.Authority)).ToArray();
                if (endpoints is null)
                {
                    if (EtcdPrefix != null || EtcdCertificate != null || EtcdKey != null || EtcdCa != null || EtcdFromHost || SubnetFile != null)
                        throw new XHostException(XHostErrorKind.InvalidArgument, ErrorIds.NetworkSubnetStoreInvalid,
                            "-EtcdPrefix, -EtcdCertificate, -EtcdKey, -EtcdCa, -EtcdFromHost and -SubnetFile go with -SubnetStore. Nothing was read or changed.");
                    if (spec.ContainerNetwork is null)
                        throw new XHostException(XHostErrorKind.InvalidArgument, ErrorIds.NetworkSubnetStoreInvalid,
                            "Give -ContainerNetwork (the network to cut the hosts' subnets from) or -SubnetStore (etcd, whose network config and leases decide them). Nothing was read or changed.");
                    return null;
                }
                return spec.SubnetStore = Leases.EtcdSettings.From(endpoints, EtcdPrefix ?? spec.SubnetStore?.Prefix, EtcdCertificate, EtcdKey, EtcdCa,
                    EtcdFromHost ? spec.Hosts[0].Session : null, path => GetUnresolvedProviderPathFromPSPath(path));
            }
            catch (XHostException ex)
            {
                ThrowTerminatingError(ErrorRecords.From(ex, (object?)SubnetStore ?? spec.Name));
                throw;
            }
        }

        /// <summary>-Persist's settings; the settings that go with it are refused without it, before anything is read.</summary>
        private NetworkPersist? PersistSpec()
        {
            if (Persist) return new NetworkPersist { Format = PersistFormat, Root = PersistRoot ?? NetworkPersist.DefaultRoot, Force = Force };
            if (PersistFormat != null || PersistRoot != null || Force)
                ThrowTerminatingError(new ErrorRecord(new PSArgumentException("-PersistFormat, -PersistRoot and -Force go with -Persist."),
                    ErrorIds.NetworkPersistInvalid, ErrorCategory.InvalidArgument, null));
            return null;
        }

        /// <summary>The network the file describes, its hosts' sessions opened (a host that cannot be reached is that host's error).</summary>
        private NetworkSpec FromFile(List<XHostSession> made)
        {
            var path = GetUnresolvedProviderPathFromPSPath(Path);
            try
            {
                if (MyInvocation.BoundParameters.ContainsKey(nameof(Session)))
                    throw new XHostException(XHostErrorKind.InvalidArgument, ErrorIds.NetworkTopologyInvalid, "-Session cannot be given with -Path: the topology file names the hosts.");
                if (!System.IO.File.Exists(path))
                    throw new XHostException(XHostErrorKind.NotFound, ErrorIds.NetworkTopologyInvalid, $"There is no topology file {path}.");
                var file = NetworkTopologyFile.Parse(DataFile.Read(path, ErrorIds.NetworkTopologyInvalid), path);
                var hosts = new List<NetworkHostSpec>();
                foreach (var opened in Await(file.OpenAsync(SessionRegistry.All(RunspaceScope), StopToken)))
                {
                    if (opened.Error != null)
                    {
                        WriteHostError(opened.Error, opened.Item.Label);
                        continue;
                    }
                    if (opened.Item.Session is null) made.Add(opened.Value);
                    var o = opened.Item.Overrides;
                    hosts.Add(new NetworkHostSpec { Session = opened.Value, UnderlayAddress = o.UnderlayAddress, UnderlayInterface = o.UnderlayInterface, Subnet = o.Subnet });
                }
                file.Spec.Hosts = hosts;
                // The parameter, when given, wins over the file's ConfirmTimeout.
                if (MyInvocation.BoundParameters.ContainsKey(nameof(ConfirmTimeout))) file.Spec.ConfirmTimeout = TimeSpan.FromSeconds(ConfirmTimeout);
                return file.Spec;
            }
            catch (XHostException ex)
            {
                ThrowTerminatingError(ErrorRecords.From(ex, path));
                throw;
            }
        }

        private void Connect(NetworkSpec spec, Leases.EtcdSettings? storeSettings)
        {
            NetworkSubnetStore? store = null;
            try
            {
                if (storeSettings != null) store = Await(NetworkSubnetStore.ReadAsync(storeSettings, spec, StopToken));
                Connect(spec, store);
            }
            catch (XHostException ex)
            {
                ThrowTerminatingError(ErrorRecords.From(ex, storeSettings!.Describe()));
            }
            finally
            {
                store?.Dispose();
            }
        }

        private void Connect(NetworkSpec spec, NetworkSubnetStore? store)
        {
            if (store is null && !spec.ContainerNetwork.IsNetwork)
                ThrowTerminatingError(new ErrorRecord(new PSArgumentException($"-ContainerNetwork {spec.ContainerNetwork} has host bits set; the network is {spec.ContainerNetwork.Network}."),
                    ErrorIds.SubnetPlanNetworkInvalid, ErrorCategory.InvalidArgument, spec.ContainerNetwork));
            var activity = $"Connect-XHostNetwork {spec.Name} ({spec.Mode}, {spec.Hosts.Count} hosts)";
            var target = (object?)spec.ContainerNetwork ?? store!.Settings.Describe();

            Progress(activity, "Reading and planning the hosts", 0);
            (IReadOnlyList<NetworkHostWork> Works, NetworkTopology? Topology) planned;
            try
            {
                planned = Await(NetworkConnector.PlanAsync(spec, store, ThrottleLimit, StopToken));
            }
            catch (XHostException ex)
            {
                ThrowTerminatingError(ErrorRecords.From(ex, target));
                return;
            }
            var (works, topology) = planned;
            foreach (var warning in topology?.Warnings ?? Array.Empty<string>()) WriteWarning(warning);

            var approved = new List<NetworkHostWork>();
            foreach (var work in works.Where(w => w.Plan != null && w.Error is null))
            {
                var plan = work.Plan!;
                foreach (var warning in plan.Plan.Warnings) WriteWarning(warning);
                if (!work.HasWork)
                {
                    WriteVerbose($"Network '{spec.Name}' on host '{work.Session.Host}': already as asked, nothing to change ({work.RoundTrips} round trip{(work.RoundTrips == 1 ? "" : "s")}).");
                    continue;
                }
                var commands = plan.Describe();
                // The etcd step goes under the host's heading, before the host's commands, in the order they run.
                if (work.LeaseStep != null)
                {
                    var heading = commands.IndexOf(Environment.NewLine, StringComparison.Ordinal);
                    commands = heading < 0 ? commands + Environment.NewLine + "    # " + work.LeaseStep
                        : commands.Insert(heading + Environment.NewLine.Length, "    # " + work.LeaseStep + Environment.NewLine);
                }
                if (ShouldProcess($"Connect network {spec.Name}. {commands}", $"Connect network {spec.Name}? {commands}", "Connect")) approved.Add(work);
            }

            Progress(activity, $"Applying to {approved.Count} hosts", 40);
            Await(NetworkConnector.ApplyAsync(approved, store, ThrottleLimit, StopToken));
            foreach (var work in works)
            {
                if (work.Error != null) WriteHostError(work.Error, work.Session);
                else if (!work.InPlace) continue; // declined (-WhatIf, or No at -Confirm): nothing was done there
                if (work.InPlace && work.HasWork)
                    WriteVerbose($"Network '{spec.Name}' on host '{work.Session.Host}': {work.Plan!.Changes.Count} changes in {work.RoundTrips} round trips.");
                WriteObject(work.ToResult(spec));
            }

            if (SkipReachabilityTest || topology is null || works.Count(w => w.InPlace) < 2) return;
            Progress(activity, "Testing reachability across the hosts", 70);
            foreach (var outcome in Await(NetworkConnector.TestAsync(works, topology.Mtu, ThrottleLimit, null, StopToken)))
            {
                if (outcome.Error != null) WriteHostError(outcome.Error, outcome.Item.Source.Session);
                else
                {
                    if (!outcome.Value.Success)
                        WriteWarning($"Host '{outcome.Value.Host}' does not reach {outcome.Value.Target} over network '{spec.Name}' with {topology.Mtu}-byte packets.");
                    WriteObject(outcome.Value);
                }
            }
            Progress(activity, "Done", 100, completed: true);
        }

        private void Progress(string activity, string status, int percent, bool completed = false) =>
            WriteProgress(new ProgressRecord(1, activity, status) { PercentComplete = percent, RecordType = completed ? ProgressRecordType.Completed : ProgressRecordType.Processing });
    }
}
