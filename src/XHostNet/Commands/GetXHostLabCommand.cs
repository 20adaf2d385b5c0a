using System.Management.Automation;
using XHostNet.Lab;
using XHostNet.PowerShell;
using XHostNet.Sessions;

namespace XHostNet.Commands
{
    /// <summary>
    /// Get-XHostLab: the labs New-XHostLab made on this machine, with their parts (namespaces, links, daemons) and whether
    /// each is alive, so a stale lab (a killed run's) can be found and removed: Get-XHostLab | Remove-XHostLab.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "XHostLab")]
    [OutputType(typeof(XHostLab))]
    public sealed class GetXHostLabCommand : XHostCmdlet
    {
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(LabNameCompleter))]
        public string[]? Name { get; set; }

        protected override void ProcessRecord()
        {
            var outcome = OnEach(new[] { new XHostSession() }, (local, ct) => XHostLabReader.ReadAsync(local, ct))[0];
            if (outcome.Error != null)
            {
                WriteHostError(outcome.Error, outcome.Item);
                return;
            }
            WriteMatching(outcome.Value, Name, l => l.Name, WildcardOptions.None, ErrorIds.LabNotFound, name => $"There is no lab '{name}' on this machine.");
        }
    }
}
