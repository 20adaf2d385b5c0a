using System;
using System.Collections.Generic;
using System.Linq;
using XHostNet.Execution;
using XHostNet.Sessions;

namespace XHostNet.Ovs
{
    /// <summary>Builds ovs-vsctl command lines for a session's database, and explains its failures.</summary>
    public static class OvsVsctl
    {
        /// <summary>
        /// How long ovs-vsctl waits for the database and for ovs-vswitchd to apply a change. Without it a change
        /// hangs forever when ovs-vswitchd is not running.
        /// </summary>
        public const int TimeoutSeconds = 20;

        /// <summary>The database a session's OVS commands reach: its -OvsDatabase, or ovs-vsctl's default socket.</summary>
        public static string DatabaseOf(XHostSession session) => session.OvsDatabase ?? "unix:/var/run/openvswitch/db.sock";

        /// <summary>
        /// An undo command: a database change only (--no-wait), so it is quick even when ovs-vswitchd is what failed;
        /// ovs-vswitchd applies it whenever it runs.
        /// </summary>
        public static IReadOnlyList<string> UndoCommand(XHostSession session, params string[] arguments) =>
            Command(session, new[] { "--no-wait" }.Concat(arguments).ToArray());

        public static IReadOnlyList<string> Command(XHostSession session, params string[] arguments)
        {
            var argv = new List<string> { "ovs-vsctl" };
            if (session.OvsDatabase != null) argv.Add("--db=" + session.OvsDatabase);
            argv.Add("--timeout=" + OvsJson.Invariant(TimeoutSeconds));
            argv.AddRange(arguments);
            return argv;
        }

        /// <summary>
        /// ovs-vsctl's --timeout ends it with SIGALRM (exit 142) while it waits for ovs-vswitchd: the database
        /// transaction may have committed by then, so the change may be there.
        /// </summary>
        public static bool MayHaveApplied(CommandResult result) => result.ExitCode == 142 || result.TimedOut;

        /// <summary>Turns the failures users meet most (no database, no ovs-vsctl) into errors that say what to do; null for others.</summary>
        public static XHostException? Explain(CommandResult result, XHostSession session)
        {
            if (result.Succeeded) return null;
            var err = result.StandardError;
            if (result.ExitCode == 127 || err.Contains("ovs-vsctl: not found") || err.Contains("No such file or directory") && err.Contains("exec"))
            {
                return new XHostException(XHostErrorKind.Unavailable, ErrorIds.OvsNotInstalled,
                    $"ovs-vsctl is not installed on host '{session.Host}'. Install Open vSwitch (Debian/Ubuntu: apt-get install openvswitch-switch; RHEL: openvswitch).");
            }
            if (err.Contains("database connection failed"))
            {
                var reason = err.Substring(err.IndexOf("database connection failed", StringComparison.Ordinal)).Trim();
                return new XHostException(XHostErrorKind.Unavailable, ErrorIds.OvsDatabaseUnavailable,
                    $"Cannot reach the Open vSwitch database on host '{session.Host}' at {DatabaseOf(session)} ({reason}). " +
                    "Start Open vSwitch (systemctl start openvswitch-switch, or Start-OvsDaemon), or, if it listens elsewhere — " +
                    "a source build uses unix:/usr/local/var/run/openvswitch/db.sock — make the session with -OvsDatabase pointing at its socket.");
            }
            if (result.TimedOut || result.ExitCode == 142 || err.Contains("timeout"))
            {
                return new XHostException(XHostErrorKind.Unavailable, ErrorIds.OvsSwitchNotResponding,
                    $"Open vSwitch on host '{session.Host}' did not apply the change within {TimeoutSeconds} s: the database at {DatabaseOf(session)} answers, " +
                    "but ovs-vswitchd seems not to be running (the database holds the change until ovs-vswitchd applies it or it is undone). " +
                    "Start ovs-vswitchd (Start-OvsDaemon, or systemctl start openvswitch-switch), then check with Get-OvsBridge.");
            }
            return null;
        }
    }
}
