using System.Management.Automation;
using XHostNet.Ovs;
using XHostNet.Planning;
using XHostNet.PowerShell;
using XHostNet.Sessions;

namespace XHostNet.Commands
{
    /// <summary>Get-OvsBridge: lists Open vSwitch bridges with their datapath, ports, tunnels and health.</summary>
    [Cmdlet(VerbsCommon.Get, "OvsBridge")]
    [OutputType(typeof(OvsBridge))]
    public sealed class GetOvsBridgeCommand : HostCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(OvsBridgeNameCompleter))]
        public string[]? Name { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var outcome in OnEach(Sessions, (s, ct) => HostNetworkState.ReadAsync(s, OvsNeed.Required, ct)))
            {
                if (outcome.Error != null)
                {
                    WriteHostError(outcome.Error, outcome.Item);
                    continue;
                }
                WriteMatching(OvsBridgePlanner.ReadBridges(outcome.Value), Name, b => b.Name, WildcardOptions.None, ErrorIds.OvsBridgeNotFound,
                    name => $"There is no Open vSwitch bridge '{name}' on host '{outcome.Item.Host}'.");
            }
        }
    }
}
