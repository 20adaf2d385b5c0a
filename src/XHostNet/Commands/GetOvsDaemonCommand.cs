using System.Management.Automation;
using XHostNet.Ovs;
using XHostNet.PowerShell;
using XHostNet.Sessions;

namespace XHostNet.Commands
{
    /// <summary>Get-OvsDaemon: whether a host's Open vSwitch database and switch answer, where, and what is wrong if not.</summary>
    [Cmdlet(VerbsCommon.Get, "OvsDaemon")]
    [OutputType(typeof(OvsDaemonStatus))]
    public sealed class GetOvsDaemonCommand : HostCmdlet
    {

        protected override void ProcessRecord()
        {
            foreach (var outcome in OnEach(Sessions, async (s, ct) =>
                         OvsDaemon.ParseStatus(s, (await s.RunBatchAsync(OvsDaemon.StatusCommands(s), stopOnError: false, ct).ConfigureAwait(false)).Results)))
            {
                if (outcome.Error != null) WriteHostError(outcome.Error, outcome.Item);
                else WriteObject(outcome.Value);
            }
        }
    }
}
