using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;
using XHostNet.Docker;
using XHostNet.Leases;
using XHostNet.PowerShell;

namespace XHostNet.Commands
{
    /// <summary>
    /// Request-ContainerSubnetLease: gives each host its subnet lease in the shared store, as flanneld does for itself —
    /// the lease already held for the host's public address, else a free subnet claimed atomically — and writes the
    /// host's subnet.env, so Get-FlannelSubnet | Set-DockerBridge works unchanged.
    /// </summary>
    [Cmdlet("Request", "ContainerSubnetLease", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(SubnetLease))]
    public sealed class RequestContainerSubnetLeaseCommand : EtcdCmdlet
    {
        /// <summary>The interface whose address is the host's public address (flanneld --iface); the default route's when left out.</summary>
        [Parameter]
        [ValidateInterfaceName]
        [ArgumentCompleter(typeof(InterfaceNameCompleter))]
        public string? Interface { get; set; }

        /// <summary>The size of subnet to lease; the config's SubnetLen when left out.</summary>
        [Parameter]
        [ValidateRange(1, 30)]
        public int? SubnetLength { get; set; }

        /// <summary>The etcd lease's time to live for a new claim (flannel: 24 h).</summary>
        [Parameter]
        [ValidateTimeSpanRange(5, 365 * 86400)]
        public TimeSpan TimeToLive { get; set; } = SubnetLeaseStore.DefaultTimeToLive;

        /// <summary>Renew a lease the host already holds to its full TTL.</summary>
        [Parameter]
        public SwitchParameter Renew { get; set; }

        /// <summary>FLANNEL_MTU; by default the interface's MTU less the backend's overhead (vxlan 50), as flanneld computes it.</summary>
        [Parameter]
        [ValidateRange(68, 65535)]
        public int? Mtu { get; set; }

        /// <summary>Where the host's lease file goes; {host} stands for the session's host, for hosts that share one filesystem.</summary>
        [Parameter]
        [ValidatePattern(@"^/[^\s\p{Cc}]+\z", Options = RegexOptions.CultureInvariant)]
        public string SubnetFile { get; set; } = FlannelSubnet.DefaultPath;

        protected override void ProcessRecord()
        {
            var options = new SubnetLeaseOptions
            {
                Interface = Interface, SubnetLength = SubnetLength, TimeToLive = TimeToLive, Renew = Renew, Mtu = Mtu, SubnetFile = SubnetFile,
            };
            var stores = new List<SubnetLeaseStore>();
            try
            {
                // One store for all hosts from this machine; with -EtcdFromHost each host reaches etcd itself.
                SubnetLeaseStore? shared = null;
                SubnetLeaseStore StoreFor(Sessions.XHostSession s)
                {
                    if (!EtcdFromHost && shared != null) return shared;
                    var store = OpenStore(s);
                    stores.Add(store);
                    return shared = store;
                }
                var work = Sessions.Select(s => (Session: s, Store: StoreFor(s))).ToList();
                var planned = new List<(SubnetLeaseRequest Request, SubnetLeaseStore Store)>();
                foreach (var outcome in OnEach(work, (w, ct) => SubnetLeaseRequest.PlanAsync(w.Store, w.Session, options, ct)))
                {
                    if (outcome.Error != null) WriteHostError(outcome.Error, outcome.Item.Session);
                    else planned.Add((outcome.Value, outcome.Item.Store));
                }
                var none = SubnetLeaseRequest.Distribute(planned.Select(p => p.Request).ToList());
                var approved = new List<(SubnetLeaseRequest Request, SubnetLeaseStore Store)>();
                foreach (var p in planned)
                {
                    if (none.TryGetValue(p.Request, out var exhausted))
                    {
                        WriteHostError(exhausted, p.Request.Host.Session);
                        continue;
                    }
                    var description = p.Request.Describe(p.Store, options);
                    if (ShouldProcess(description, description + Environment.NewLine + "Request the lease?", "Request-ContainerSubnetLease"))
                        approved.Add(p);
                }
                foreach (var outcome in OnEach(approved, (a, ct) => a.Request.ApplyAsync(a.Store, options, ct)))
                {
                    foreach (var warning in outcome.Item.Request.Warnings) WriteWarning(warning);
                    if (outcome.Error != null) WriteHostError(outcome.Error, outcome.Item.Request.Host.Session);
                    else WriteObject(outcome.Value);
                }
            }
            catch (XHostException ex)
            {
                ThrowTerminatingError(ErrorRecords.From(ex, Etcd));
            }
            finally
            {
                foreach (var store in stores) store.Dispose();
            }
        }
    }
}
