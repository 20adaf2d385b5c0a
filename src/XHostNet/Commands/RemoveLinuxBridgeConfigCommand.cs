using System.Management.Automation;
using System.Text.RegularExpressions;
using XHostNet.Persistence;
using XHostNet.PowerShell;

namespace XHostNet.Commands
{
    /// <summary>
    /// Remove-LinuxBridgeConfig: removes exactly the boot configuration XHostNet wrote for a bridge, in any format (its
    /// files deleted or the files they replaced put back, its block and comments gone); the running bridge is not touched.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "LinuxBridgeConfig", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveLinuxBridgeConfigCommand : HostCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [NotSessionArgument]
        [ValidateInterfaceName]
        [ArgumentCompleter(typeof(BridgeNameCompleter))]
        public string Bridge { get; set; } = "";

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidatePattern(@"^/[^\s\p{Cc}]*\z", Options = RegexOptions.CultureInvariant)]
        public string Root { get; set; } = "/";

        protected override void ProcessRecord() =>
            PlanAndApply(Sessions, "Remove", async (session, ct) =>
                BridgeConfigPlanner.PlanRemove(await BridgeConfigReader.ReadAsync(session, Root, live: false, ct).ConfigureAwait(false), Bridge),
                writeResult: false);
    }
}
