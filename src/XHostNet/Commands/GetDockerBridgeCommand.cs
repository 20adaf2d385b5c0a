using System.Management.Automation;
using System.Text.RegularExpressions;
using XHostNet.Docker;
using XHostNet.PowerShell;
using XHostNet.Sessions;

namespace XHostNet.Commands
{
    /// <summary>
    /// Get-DockerBridge: a host's dockerd bridge settings from daemon.json, /etc/sysconfig/docker OPTIONS, the service's
    /// ExecStart and the running dockerd's command line, next to what the running engine uses — and where they disagree.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DockerBridge")]
    [OutputType(typeof(DockerBridge))]
    public sealed class GetDockerBridgeCommand : HostCmdlet
    {
        /// <summary>The daemon.json dockerd reads (its --config-file); /etc/docker/daemon.json by default.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidatePattern(@"^/[^\s\p{Cc}]+\z", Options = RegexOptions.CultureInvariant)]
        public string? ConfigPath { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var outcome in OnEach(Sessions, async (s, ct) => (await DockerBridgeReader.ReadAsync(s, ConfigPath, ct).ConfigureAwait(false)).ToBridge()))
            {
                if (outcome.Error != null) WriteHostError(outcome.Error, outcome.Item);
                else WriteObject(outcome.Value);
            }
        }
    }
}
