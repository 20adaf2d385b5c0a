using System.Linq;
using System.Management.Automation;
using XHostNet.Linux;
using XHostNet.PowerShell;
using XHostNet.Sessions;

namespace XHostNet.Commands
{
    /// <summary>Get-LinuxBridge: lists Linux bridges with their state, MTU, MAC, addresses, ports and STP.</summary>
    [Cmdlet(VerbsCommon.Get, "LinuxBridge", DefaultParameterSetName = SessionFromPipeline)]
    [OutputType(typeof(LinuxBridge))]
    public sealed class GetLinuxBridgeCommand : XHostCmdlet
    {
        // Two sets only so that either a session or a name can be piped by value: in one set a piped session
        // binds -Session, in the other a piped name binds -Name; PowerShell would otherwise also turn a piped
        // session into a name through its ToString.
        private const string SessionFromPipeline = "SessionFromPipeline";
        private const string NameFromPipeline = "NameFromPipeline";

        [Parameter(ParameterSetName = SessionFromPipeline, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = NameFromPipeline, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(BridgeNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        [Parameter(ParameterSetName = SessionFromPipeline, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = NameFromPipeline, ValueFromPipelineByPropertyName = true)]
        [SessionArgument]
        [ArgumentCompleter(typeof(SessionCompleter))]
        public XHostSession[]? Session { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var outcome in OnEach(SessionsOrLocal(Session), LinkReader.ReadBridgesAsync))
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
