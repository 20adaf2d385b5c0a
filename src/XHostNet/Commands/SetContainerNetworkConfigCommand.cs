using System.Management.Automation;
using System.Net;
using XHostNet.Leases;
using XHostNet.Linux;
using XHostNet.PowerShell;

namespace XHostNet.Commands
{
    /// <summary>
    /// Set-ContainerNetworkConfig: writes flannel's &lt;prefix&gt;/config (Network, SubnetLen, SubnetMin, SubnetMax,
    /// Backend.Type), keeping its other keys; refused when a lease would fall outside the new network.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "ContainerNetworkConfig", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ContainerNetworkConfig))]
    public sealed class SetContainerNetworkConfigCommand : EtcdCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNetworkPrefix]
        [PrefixArgument]
        public InterfaceAddress Network { get; set; } = null!;

        /// <summary>Each host's subnet size; flannel's default when left out (24, or the network's prefix + 2 for a network narrower than /22).</summary>
        [Parameter]
        [ValidateRange(1, 30)]
        public int? SubnetLength { get; set; }

        [Parameter]
        [ValidateUnicastAddress]
        public IPAddress? SubnetMin { get; set; }

        [Parameter]
        [ValidateUnicastAddress]
        public IPAddress? SubnetMax { get; set; }

        /// <summary>Backend.Type: vxlan (flannel's recommended) or host-gw (routes via each host's address, as Connect-XHostNetwork -Mode HostRoutes makes).</summary>
        [Parameter]
        [ValidateSet("vxlan", "host-gw")]
        public string? Backend { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            try
            {
                using var store = OpenStore(StoreHost());
                var current = Await(store.ReadConfigKeyAsync(StopToken));
                // A stored config that is not JSON is replaced whole (this is how it gets fixed), and says so.
                var stored = ContainerNetworkConfig.Object(current?.Value);
                if (current != null && stored is null)
                    WriteWarning($"{store.ConfigKey} holds no JSON object flanneld could read; it is replaced whole, its old value dropped.");
                var backend = Backend ?? (stored?["Backend"] as System.Text.Json.Nodes.JsonObject)?["Type"]?.ToString() ?? "vxlan";
                var json = ContainerNetworkConfig.Compose(current?.Value, Network, SubnetLength, SubnetMin, SubnetMax, backend);
                // Checked before asking: a config flanneld would refuse, or one that strands leases, fails here under -WhatIf too.
                var config = Await(store.CheckConfigAsync(json, StopToken));
                if (current?.Value == json)
                {
                    WriteVerbose($"{store.ConfigKey} already holds {json}: nothing to change.");
                    if (PassThru) WriteObject(config);
                    return;
                }
                var what = $"In etcd at {config.Etcd}: put {store.ConfigKey} = {json} (only if the key is {(current is null ? "still absent" : "unchanged since it was read")})";
                if (!ShouldProcess(what, what + "?", "Set-ContainerNetworkConfig")) return;
                config = Await(store.WriteConfigAsync(json, current, StopToken));
                if (PassThru) WriteObject(config);
            }
            catch (XHostException ex)
            {
                ThrowTerminatingError(ErrorRecords.From(ex, Etcd));
            }
        }
    }
}
