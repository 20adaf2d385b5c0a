using System;
using System.Collections.Generic;
using System.Linq;
using XHostNet.Execution;
using XHostNet.Planning;
using XHostNet.Sessions;

namespace XHostNet.Ovs
{
    /// <summary>
    /// Checks, starts and stops a host's ovsdb-server and ovs-vswitchd by hand, the way ovs-ctl does, in the
    /// directory the session's -OvsDatabase socket lives in (for machines without a service manager, and labs).
    /// </summary>
    public static class OvsDaemon
    {

        /// <summary>
        /// Explains a failed ovs-vsctl change. A change that timed out is ovs-vswitchd's fault only while the database still
        /// answers: when ovsdb-server goes away during the change (killed, crashed) ovs-vsctl times out just the same and
        /// says nothing more, so the database is asked once before blaming the switch.
        /// </summary>
        public static XHostException? ExplainChange(CommandResult result, XHostSession session)
        {
            var explained = OvsVsctl.Explain(result, session);
            if (explained?.ErrorId != ErrorIds.OvsSwitchNotResponding) return explained;
            CommandResult probe;
            try
            {
                var argv = new List<string> { "ovs-vsctl", "--db=" + OvsVsctl.DatabaseOf(session), "--timeout=5", "get", "Open_vSwitch", ".", "ovs_version" };
                probe = session.RunAsync(argv, System.Threading.CancellationToken.None).GetAwaiter().GetResult();
            }
            catch (Exception)
            {
                return explained; // the host itself is out of reach: the timeout is all we know
            }
            if (probe.Succeeded) return explained;
            var reason = OvsVsctl.Explain(probe, session)?.ErrorId == ErrorIds.OvsDatabaseUnavailable
                ? probe.StandardError.Substring(Math.Max(0, probe.StandardError.IndexOf("database connection failed", StringComparison.Ordinal))).Trim()
                : probe.StandardError.Trim().Length > 0 ? probe.StandardError.Trim() : $"no answer within 5 s, exit {probe.ExitCode}";
            return new XHostException(XHostErrorKind.Unavailable, ErrorIds.OvsDatabaseUnavailable,
                $"The Open vSwitch database on host '{session.Host}' at {OvsVsctl.DatabaseOf(session)} stopped answering during the change ({reason}); " +
                "whether it took the change is not known. Start it again (Start-OvsDaemon, or systemctl start openvswitch-switch), then check with Get-OvsBridge.");
        }

        /// <summary>The run directory of a unix-socket database (the socket's directory); null for TCP/SSL databases.</summary>
        public static string? RunDirectoryOf(XHostSession session)
        {
            var db = OvsVsctl.DatabaseOf(session);
            if (!db.StartsWith("unix:", StringComparison.Ordinal)) return null;
            var path = db.Substring("unix:".Length);
            var slash = path.LastIndexOf('/');
            return slash <= 0 ? "/" : path.Substring(0, slash);
        }

        private static string SocketOf(XHostSession session) => OvsVsctl.DatabaseOf(session).Substring("unix:".Length);
        /// <summary>
        /// Where an install keeps its database file and logs, from its run directory: PREFIX/var/run/openvswitch (or
        /// /run/openvswitch) means an install under PREFIX — PREFIX/etc/openvswitch/conf.db and PREFIX/var/log/openvswitch,
        /// as packages (PREFIX "") and source builds (PREFIX /usr/local) lay it out. Any other directory is a private
        /// instance that keeps everything in it.
        /// </summary>
        private static (string DatabaseFile, string LogDirectory) LayoutOf(string runDirectory)
        {
            foreach (var suffix in new[] { "/var/run/openvswitch", "/run/openvswitch" })
            {
                if (!runDirectory.EndsWith(suffix, StringComparison.Ordinal)) continue;
                var prefix = runDirectory.Substring(0, runDirectory.Length - suffix.Length);
                return (prefix + "/etc/openvswitch/conf.db", prefix + "/var/log/openvswitch");
            }
            return (runDirectory + "/conf.db", runDirectory);
        }


        /// <summary>Either succeeds when the kernel has the Open vSwitch datapath: loaded (or built in), or loadable.</summary>
        public static readonly IReadOnlyList<IReadOnlyList<string>> KernelDatapathProbes = new[]
        {
            new[] { "test", "-d", "/sys/module/openvswitch" },
            new[] { "modprobe", "-n", "-q", "openvswitch" },
        };

        /// <summary>The probes <see cref="ParseStatus"/> reads, in order; all in one round trip.</summary>
        public static IReadOnlyList<IReadOnlyList<string>> StatusCommands(XHostSession session)
        {
            var run = RunDirectoryOf(session);
            var commands = new List<IReadOnlyList<string>>
            {
                OvsVsctl.Command(session, "--format=json", "--columns=ovs_version,bridges", "list", "Open_vSwitch"),
                OvsVsctl.Command(session, "list-br"),
            };
            commands.AddRange(KernelDatapathProbes);
            if (run != null)
            {
                commands.Add(AppCtl(run, "ovsdb-server", "version"));
                commands.Add(AppCtl(run, "ovs-vswitchd", "version"));
                commands.Add(new[] { "test", "-e", LayoutOf(run).DatabaseFile });
                commands.Add(new[] { "cat", run + "/ovsdb-server.pid" });
                commands.Add(new[] { "cat", run + "/ovs-vswitchd.pid" });
            }
            return commands;
        }

        public static OvsDaemonStatus ParseStatus(XHostSession session, IReadOnlyList<CommandResult> results)
        {
            var run = RunDirectoryOf(session);
            var status = new OvsDaemonStatus
            {
                Database = OvsVsctl.DatabaseOf(session),
                RunDirectory = run,
                DatabaseRunning = results[0].Succeeded,
                KernelDatapath = results[2].Succeeded || results[3].Succeeded,
                Session = session,
            };
            if (status.DatabaseRunning)
            {
                var row = OvsJson.ParseTables(results[0].StandardOutput).FirstOrDefault()?.FirstOrDefault();
                status.Version = row?.String("ovs_version");
                status.Bridges = results[1].StandardOutput.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
            }
            // Over TCP/SSL the switch's control socket is out of reach; a database that answers is all we can tell.
            status.SwitchRunning = run is null ? status.DatabaseRunning : results[5].Succeeded;
            if (run != null)
            {
                status.DatabaseProcessId = status.DatabaseRunning ? ProcessId(results[7]) : null;
                status.SwitchProcessId = results[5].Succeeded ? ProcessId(results[8]) : null;
            }
            if (status.Version is null && run != null && results[5].Succeeded) status.Version = FirstLineVersion(results[5].StandardOutput);
            if (!status.DatabaseRunning)
                status.Problem = (OvsVsctl.Explain(results[0], session)?.Message) ?? results[0].StandardError.Trim();
            else if (!status.SwitchRunning)
                status.Problem = $"ovs-vswitchd is not running on host '{session.Host}' (no answer on its control socket in {run}); changes will wait for it and time out.";
            return status;
        }

        /// <summary>True when the status probes found the database file (for a unix-socket database).</summary>
        public static bool DatabaseFileExists(IReadOnlyList<CommandResult> results) => results.Count > 6 && results[6].Succeeded;

        public static ChangePlan<OvsDaemonStatus> PlanStart(XHostSession session, OvsDaemonStatus status, bool databaseFileExists)
        {
            var run = RunDirectoryOf(session) ?? throw new XHostException(XHostErrorKind.InvalidArgument, ErrorIds.OvsDatabaseNotLocal,
                $"The session to '{session.Host}' reaches Open vSwitch at {OvsVsctl.DatabaseOf(session)}, over the network: start it on the machine it runs on.");
            var socket = SocketOf(session);
            var dbFile = LayoutOf(run).DatabaseFile;
            var logs = LayoutOf(run).LogDirectory;
            var commands = new List<IReadOnlyList<string>>();
            if (!status.DatabaseRunning)
            {
                commands.Add(new[] { "mkdir", "-p" }.Concat(new[] { run, logs, Directory(dbFile) }.Distinct()).ToArray());
                if (!databaseFileExists) commands.Add(new[] { "ovsdb-tool", "create", dbFile });
                commands.Add(new[] { "env", "OVS_RUNDIR=" + run, "OVS_LOGDIR=" + logs, "ovsdb-server", dbFile, "--remote=punix:" + socket,
                    "--remote=db:Open_vSwitch,Open_vSwitch,manager_options", "--pidfile=" + run + "/ovsdb-server.pid",
                    "-vconsole:off", "--log-file=" + logs + "/ovsdb-server.log", "--detach", "--no-chdir" });
                commands.Add(new[] { "ovs-vsctl", "--db=unix:" + socket, "--no-wait", "init" });
            }
            if (!status.SwitchRunning)
            {
                commands.Add(new[] { "env", "OVS_RUNDIR=" + run, "OVS_LOGDIR=" + logs, "ovs-vswitchd", "unix:" + socket,
                    "--pidfile=" + run + "/ovs-vswitchd.pid", "-vconsole:off", "--log-file=" + logs + "/ovs-vswitchd.log", "--detach", "--no-chdir" });
            }
            var plan = new ChangePlan<OvsDaemonStatus>(session, "Open vSwitch at " + OvsVsctl.DatabaseOf(session), commands, status);
            return plan.WithReadBack(StatusCommands(session), results =>
            {
                var after = ParseStatus(session, results);
                if (!after.IsRunning)
                    throw new XHostException(XHostErrorKind.Failed, ErrorIds.OvsDaemonNotStarted, $"Open vSwitch did not start on host '{session.Host}': {after.Problem} Logs: {logs}.");
                return after;
            });
        }

        public static ChangePlan<OvsDaemonStatus> PlanStop(XHostSession session, OvsDaemonStatus status)
        {
            var run = RunDirectoryOf(session) ?? throw new XHostException(XHostErrorKind.InvalidArgument, ErrorIds.OvsDatabaseNotLocal,
                $"The session to '{session.Host}' reaches Open vSwitch at {OvsVsctl.DatabaseOf(session)}, over the network: stop it on the machine it runs on.");
            var commands = new List<IReadOnlyList<string>>();
            // "exit" returns before the daemon is gone; wait for each process to end (tail --pid) so the read-back tells the truth.
            if (status.SwitchRunning) commands.Add(AppCtl(run, "ovs-vswitchd", "exit"));
            if (status.SwitchRunning && status.SwitchProcessId is int switchPid) commands.Add(WaitForExit(switchPid));
            if (status.DatabaseRunning) commands.Add(AppCtl(run, "ovsdb-server", "exit"));
            if (status.DatabaseRunning && status.DatabaseProcessId is int dbPid) commands.Add(WaitForExit(dbPid));
            return new ChangePlan<OvsDaemonStatus>(session, "Open vSwitch at " + OvsVsctl.DatabaseOf(session), commands, status)
                .WithReadBack(StatusCommands(session), results => ParseStatus(session, results));
        }

        private static IReadOnlyList<string> AppCtl(string runDirectory, string target, string command) =>
            new[] { "env", "OVS_RUNDIR=" + runDirectory, "ovs-appctl", "-T", "5", "-t", target, command };

        private static IReadOnlyList<string> WaitForExit(int pid) =>
            new[] { "tail", "-s", "0.1", "--pid=" + pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "-f", "/dev/null" };

        private static int? ProcessId(CommandResult result) =>
            result.Succeeded && int.TryParse(result.StandardOutput.Trim(), out var pid) ? pid : (int?)null;

        private static string Directory(string file) => file.Substring(0, Math.Max(1, file.LastIndexOf('/')));

        private static string? FirstLineVersion(string text)
        {
            // "ovs-vswitchd (Open vSwitch) 3.1.0"
            var line = text.Split('\n').FirstOrDefault() ?? "";
            var space = line.LastIndexOf(' ');
            return space < 0 ? null : line.Substring(space + 1).Trim();
        }
    }
}
