using System.Management.Automation;
using System.Text.RegularExpressions;
using XHostNet.Docker;
using XHostNet.PowerShell;
using XHostNet.Sessions;

namespace XHostNet.Commands
{
    /// <summary>Get-ContainerNetwork: a running container's interfaces, addresses, MTU, and the host-side veth and bridge of each.</summary>
    [Cmdlet(VerbsCommon.Get, "ContainerNetwork")]
    [OutputType(typeof(ContainerInterface))]
    public sealed class GetContainerNetworkCommand : HostCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidatePattern(@"^[A-Za-z0-9][A-Za-z0-9_.-]*\z", Options = RegexOptions.CultureInvariant)]
        [ArgumentCompleter(typeof(ContainerNameCompleter))]
        public string[] Container { get; set; } = System.Array.Empty<string>();

        protected override void ProcessRecord()
        {
            foreach (var container in Container)
            {
                foreach (var outcome in OnEach(Sessions, (s, ct) => ContainerState.ReadAsync(s, container, ct)))
                {
                    if (outcome.Error != null) WriteHostError(outcome.Error, container); // the item worked on
                    else WriteObject(outcome.Value.Interfaces(), enumerateCollection: true);
                }
            }
        }
    }
}
