using System.Linq;
using System.Management.Automation;
using XHostNet.Linux;
using XHostNet.PowerShell;
using XHostNet.Sessions;

namespace XHostNet.Commands
{
    /// <summary>Get-LinuxBridge: lists Linux bridges with their state, MTU, MAC, addresses, ports and STP.</summary>
    [Cmdlet(VerbsCommon.Get, "LinuxBridge")]
    [OutputType(typeof(LinuxBridge))]
    public sealed class GetLinuxBridgeCommand : HostCmdlet
    {
        // Names come from the pipeline by value ('br0' | Get-LinuxBridge -Session $h); a piped session leaves
        // -Name unset ([NotSessionArgument]) and binds -Session by property name, listing all its bridges.
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [NotSessionArgument]
        [ArgumentCompleter(typeof(BridgeNameCompleter))]
        public string[]? Name { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var outcome in OnEach(Sessions, LinkReader.ReadBridgesAsync))
            {
                if (outcome.Error != null)
                {
                    WriteHostError(outcome.Error, outcome.Item);
                    continue;
                }
                // Interface names are case-sensitive on Linux.
                var bridges = outcome.Value.OrderBy(b => b.Name, System.StringComparer.Ordinal).ToList();
                WriteMatching(bridges, Name, b => b.Name, WildcardOptions.None, ErrorIds.LinuxBridgeNotFound,
                    name => $"There is no bridge '{name}' on host '{outcome.Item.Host}'.");
            }
        }
    }
}
