using System.Management.Automation;
using XHostNet.Ovs;
using XHostNet.PowerShell;
using XHostNet.Sessions;

namespace XHostNet.Commands
{
    /// <summary>
    /// Start-OvsDaemon: starts ovsdb-server and ovs-vswitchd by hand (creating the database if needed) where the
    /// session's -OvsDatabase socket lives — for hosts without a service manager, and for labs. Running daemons are left alone.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "OvsDaemon", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(OvsDaemonStatus))]
    public sealed class StartOvsDaemonCommand : PassThruCmdlet
    {

        protected override void ProcessRecord() =>
            PlanAndApply("Start", async (session, ct) =>
            {
                var results = (await session.RunBatchAsync(OvsDaemon.StatusCommands(session), stopOnError: false, ct).ConfigureAwait(false)).Results;
                return OvsDaemon.PlanStart(session, OvsDaemon.ParseStatus(session, results), OvsDaemon.DatabaseFileExists(results));
            });
    }
}
