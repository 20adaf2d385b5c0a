using System.Management.Automation;
using XHostNet.PowerShell;
using XHostNet.Sessions;

namespace XHostNet.Commands
{
    /// <summary>The parameters Add-LinuxBridgePort and Remove-LinuxBridgePort share: which ports of which bridge, where.</summary>
    public abstract class BridgePortCmdlet : PassThruCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [ValidateInterfaceName]
        [ArgumentCompleter(typeof(BridgeNameCompleter))]
        public string Bridge { get; set; } = "";

        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        [ValidateInterfaceName]
        [ArgumentCompleter(typeof(InterfaceNameCompleter))]
        public string[] Interface { get; set; } = System.Array.Empty<string>();
    }
}
