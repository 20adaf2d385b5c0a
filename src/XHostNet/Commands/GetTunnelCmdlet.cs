using System.Linq;
using System.Management.Automation;
using System.Net;
using XHostNet.Planning;
using XHostNet.PowerShell;
using XHostNet.Sessions;
using XHostNet.Tunnels;

namespace XHostNet.Commands
{
    /// <summary>What Get-GreTunnel and Get-VxlanTunnel share.</summary>
    public abstract class GetTunnelCmdlet : HostCmdlet
    {
        // Not bound by property name: a piped bridge's or session's name is not a tunnel's.
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        /// <summary>Only the tunnels on this bridge.</summary>
        [Parameter]
        [ValidateInterfaceName]
        [ArgumentCompleter(typeof(InterfaceNameCompleter))]
        public string? Bridge { get; set; }

        protected void Get(TunnelKind kind)
        {
            foreach (var outcome in OnEach(Sessions, (s, ct) => HostNetworkState.ReadAsync(s, AddTunnelCmdlet.OvsNeedOf(kind), ct)))
            {
                if (outcome.Error != null)
                {
                    WriteHostError(outcome.Error, outcome.Item);
                    continue;
                }
                if (outcome.Value.OvsWarning != null) WriteWarning(outcome.Value.OvsWarning);
                var tunnels = (kind == TunnelKind.Gre ? (System.Collections.Generic.IEnumerable<OverlayTunnel>)TunnelReader.Gre(outcome.Value) : TunnelReader.Vxlan(outcome.Value))
                    .Where(t => Bridge is null || t.Bridge == Bridge).ToList();
                var label = kind == TunnelKind.Gre ? "GRE" : "VXLAN";
                WriteMatching(tunnels, Name, t => t.Name, WildcardOptions.None, label == "GRE" ? ErrorIds.GreTunnelNotFound : ErrorIds.VxlanTunnelNotFound,
                    name => $"There is no {label} tunnel '{name}' on host '{outcome.Item.Host}'.");
            }
        }
    }
}
