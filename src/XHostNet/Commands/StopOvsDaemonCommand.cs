using System.Management.Automation;
using XHostNet.Ovs;
using XHostNet.PowerShell;
using XHostNet.Sessions;

namespace XHostNet.Commands
{
    /// <summary>Stop-OvsDaemon: stops ovs-vswitchd and ovsdb-server through their control sockets (ovs-appctl exit). The database file stays.</summary>
    [Cmdlet(VerbsLifecycle.Stop, "OvsDaemon", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(OvsDaemonStatus))]
    public sealed class StopOvsDaemonCommand : PassThruCmdlet
    {

        protected override void ProcessRecord() =>
            PlanAndApply("Stop", async (session, ct) =>
            {
                var results = (await session.RunBatchAsync(OvsDaemon.StatusCommands(session), stopOnError: false, ct).ConfigureAwait(false)).Results;
                return OvsDaemon.PlanStop(session, OvsDaemon.ParseStatus(session, results));
            });
    }
}
