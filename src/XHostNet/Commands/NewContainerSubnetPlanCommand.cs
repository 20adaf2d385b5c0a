using System;
using System.Linq;
using System.Management.Automation;
using System.Net;
using XHostNet.Docker;
using XHostNet.Linux;
using XHostNet.Planning;
using XHostNet.PowerShell;
using XHostNet.Sessions;

namespace XHostNet.Commands
{
    /// <summary>
    /// New-ContainerSubnetPlan: divides a network among hosts without overlap, deterministically — fixed-cidr slices of a
    /// shared LAN, or one subnet per host the flannel way — and, given sessions, checks the plan against what the hosts have.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "ContainerSubnetPlan", DefaultParameterSetName = ByName)]
    [OutputType(typeof(ContainerSubnet))]
    public sealed class NewContainerSubnetPlanCommand : XHostCmdlet
    {
        private const string ByName = "ByName";
        private const string BySession = "BySession";

        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNetworkPrefix]
        [PrefixArgument]
        public InterfaceAddress Network { get; set; } = null!;

        /// <summary>The prefix length of each host's share (flannel's SubnetLen).</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateRange(1, 128)]
        [Alias("SubnetLen")]
        public int PrefixLength { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ByName)]
        [ValidateNotNullOrEmpty]
        public string[] HostName { get; set; } = Array.Empty<string>();

        /// <summary>One subnet per session, in order; the plan is also checked against each host's addresses and routes.</summary>
        [Parameter(Mandatory = true, ParameterSetName = BySession, ValueFromPipeline = true)]
        [ValidateNotNullOrEmpty]
        public XHostSession[] Session { get; set; } = Array.Empty<XHostSession>();

        [Parameter]
        public SubnetUse Use { get; set; } = SubnetUse.FixedCidr;

        /// <summary>Addresses or prefixes no subnet may contain (hosts, gateways, ranges in use).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Exclude { get; set; }

        [Parameter]
        [AddressArgument]
        public IPAddress? SubnetMin { get; set; }

        [Parameter]
        [AddressArgument]
        public IPAddress? SubnetMax { get; set; }

        private readonly System.Collections.Generic.List<XHostSession> _sessions = new System.Collections.Generic.List<XHostSession>();

        protected override void ProcessRecord() => _sessions.AddRange(Session);

        protected override void EndProcessing()
        {
            var exclude = (Exclude ?? Array.Empty<string>()).Select(ParseExclusion).ToList();
            var bySession = ParameterSetName == BySession;
            var hosts = bySession ? _sessions.Select(s => s.Host).ToList() : HostName.ToList();
            System.Collections.Generic.IReadOnlyList<ContainerSubnet> plan;
            try
            {
                plan = ContainerSubnetPlanner.Plan(Network, PrefixLength, hosts, Use, exclude, SubnetMin, SubnetMax);
            }
            catch (XHostException ex)
            {
                ThrowTerminatingError(ErrorRecords.From(ex, Network));
                return;
            }
            if (bySession)
            {
                for (var i = 0; i < plan.Count; i++) plan[i].Session = _sessions[i];
                var states = OnEach(_sessions, (s, ct) => HostNetworkState.ReadAsync(s, OvsNeed.None, ct));
                foreach (var failed in states.Where(o => o.Error != null)) WriteHostError(failed.Error!, failed.Item);
                foreach (var problem in ContainerSubnetPlanner.Check(plan, states.Where(o => o.Error == null).Select(o => o.Value).ToList(), Network))
                    WriteWarning(problem);
            }
            WriteObject(plan, enumerateCollection: true);
        }

        private InterfaceAddress ParseExclusion(string text)
        {
            if (InterfaceAddress.TryParse(text, out var prefix, out _)) return prefix!.Network;
            // A plain address excludes just itself (/32 or /128).
            if (InterfaceAddress.TryParse(text + (text.Contains(":") ? "/128" : "/32"), out var single, out _)) return single!;
            ThrowTerminatingError(new ErrorRecord(new PSArgumentException($"-Exclude '{text}' is not an address or a CIDR prefix."),
                ErrorIds.ExclusionInvalid, ErrorCategory.InvalidArgument, text));
            return null!;
        }
    }
}
