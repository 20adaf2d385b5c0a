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
    public sealed class GetLinuxBridgeCommand : XHostCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(BridgeNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
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
                var bridges = outcome.Value.OrderBy(b => b.Name, System.StringComparer.Ordinal).ToList();
                if (Name is null)
                {
                    WriteObject(bridges, enumerateCollection: true);
                    continue;
                }
                foreach (var name in Name)
                {
                    var pattern = new WildcardPattern(name, WildcardOptions.None);
                    var matches = bridges.Where(b => pattern.IsMatch(b.Name)).ToList();
                    if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
                    {
                        WriteHostError(new XHostException(XHostErrorKind.NotFound, "LinuxBridgeNotFound",
                            $"There is no bridge '{name}' on host '{outcome.Item.Host}'."), name);
                    }
                    WriteObject(matches, enumerateCollection: true);
                }
            }
        }
    }
}
