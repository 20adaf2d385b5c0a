using System;
using System.Collections.Generic;
using System.Linq;
using XHostNet.Execution;
using XHostNet.Sessions;

namespace XHostNet.Ovs
{
    /// <summary>One row of the Interface table: where tunnels keep their type, options and the quiet failures (error, no ofport).</summary>
    public sealed class OvsInterfaceRow
    {
        public string Name { get; set; } = "";
        /// <summary>"" (system device), internal, gre, ip6gre, vxlan, geneve, patch …</summary>
        public string Type { get; set; } = "";
        public string Bridge { get; set; } = "";
        public string Port { get; set; } = "";
        public IReadOnlyDictionary<string, string> Options { get; set; } = new Dictionary<string, string>();
        public string? Error { get; set; }
        /// <summary>OpenFlow port number; null until ovs-vswitchd has set the interface up, -1 when it failed.</summary>
        public int? OfPort { get; set; }
        public string? LinkState { get; set; }
        public int? Mtu { get; set; }
        public IReadOnlyDictionary<string, string> Status { get; set; } = new Dictionary<string, string>();
        public IReadOnlyDictionary<string, string> Statistics { get; set; } = new Dictionary<string, string>();

        public bool IsTunnel => OvsState.TunnelTypes.Contains(Type);

        /// <summary>Why the interface does not work, or null when it does (ovs-vsctl exits 0 either way).</summary>
        public string? Failure =>
            !string.IsNullOrEmpty(Error) ? Error
            : OfPort is null || OfPort < 0 ? "ovs-vswitchd gave it no OpenFlow port (ofport is empty), so it carries no traffic"
            : null;
    }

    public sealed class OvsBridgeRow
    {
        public string Name { get; set; } = "";
        /// <summary>"" or "system" is the kernel datapath; "netdev" the userspace one.</summary>
        public string DatapathType { get; set; } = "";
        public IReadOnlyList<string> Ports { get; set; } = Array.Empty<string>();
    }

    /// <summary>An Open vSwitch database's bridges and interfaces, as one ovs-vsctl call reports them.</summary>
    public sealed class OvsState
    {
        public static readonly IReadOnlyCollection<string> TunnelTypes = new HashSet<string>(StringComparer.Ordinal)
            { "gre", "ip6gre", "vxlan", "geneve", "stt", "lisp", "erspan", "ip6erspan", "gtpu", "bareudp" };

        public IReadOnlyList<OvsBridgeRow> Bridges { get; set; } = Array.Empty<OvsBridgeRow>();
        public IReadOnlyList<OvsInterfaceRow> Interfaces { get; set; } = Array.Empty<OvsInterfaceRow>();

        public OvsBridgeRow? Bridge(string name) => Bridges.FirstOrDefault(b => b.Name == name);
        public OvsInterfaceRow? Interface(string name) => Interfaces.FirstOrDefault(i => i.Name == name);
        public IEnumerable<OvsInterfaceRow> TunnelsOn(string bridge) => Interfaces.Where(i => i.Bridge == bridge && i.IsTunnel);

        /// <summary>The read whose output <see cref="Parse"/> takes: bridges, ports and interfaces in one transaction.</summary>
        public static IReadOnlyList<string> ReadCommand(XHostSession session) => OvsVsctl.Command(session, "--format=json",
            "--", "--columns=_uuid,name,datapath_type,ports", "list", "Bridge",
            "--", "--columns=_uuid,name,interfaces", "list", "Port",
            "--", "--columns=_uuid,name,type,options,error,ofport,link_state,mtu,status,statistics", "list", "Interface");

        private const string ReadDescription = "ovs-vsctl --format=json list Bridge/Port/Interface";

        public static OvsState Parse(string output)
        {
            var tables = OvsJson.ParseTables(output, ReadDescription);
            if (tables.Count != 3) throw ToolOutput.Unreadable(ReadDescription, $"it has {tables.Count} tables, not 3");
            var bridgeOfPort = new Dictionary<string, string>(StringComparer.Ordinal);
            var bridges = new List<OvsBridgeRow>();
            // A uuid names one row; should one repeat, the last wins (ToDictionary would throw).
            var ports = new Dictionary<string, OvsRow>(StringComparer.Ordinal);
            foreach (var p in tables[1]) ports[p.String("_uuid") ?? ""] = p;
            foreach (var b in tables[0])
            {
                var name = b.String("name") ?? "";
                var portNames = new List<string>();
                foreach (var uuid in b.Set("ports"))
                {
                    bridgeOfPort[uuid] = name;
                    if (ports.TryGetValue(uuid, out var p)) portNames.Add(p.String("name") ?? "");
                }
                bridges.Add(new OvsBridgeRow
                {
                    Name = name,
                    DatapathType = b.String("datapath_type") ?? "",
                    Ports = portNames.OrderBy(n => n, StringComparer.Ordinal).ToList(),
                });
            }
            var interfacePort = new Dictionary<string, (string Port, string Bridge)>(StringComparer.Ordinal);
            foreach (var p in tables[1])
            {
                var uuid = p.String("_uuid") ?? "";
                bridgeOfPort.TryGetValue(uuid, out var bridge);
                foreach (var i in p.Set("interfaces")) interfacePort[i] = (p.String("name") ?? "", bridge ?? "");
            }
            var interfaces = tables[2].Select(i =>
            {
                interfacePort.TryGetValue(i.String("_uuid") ?? "", out var owner);
                return new OvsInterfaceRow
                {
                    Name = i.String("name") ?? "",
                    Type = i.String("type") ?? "",
                    Bridge = owner.Bridge ?? "",
                    Port = owner.Port ?? "",
                    Options = i.Map("options"),
                    Error = i.String("error"),
                    OfPort = i.Int("ofport"),
                    LinkState = i.String("link_state"),
                    Mtu = i.Int("mtu"),
                    Status = i.Map("status"),
                    Statistics = i.Map("statistics"),
                };
            }).ToList();
            return new OvsState { Bridges = bridges, Interfaces = interfaces };
        }
    }

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
                return new XHostException(XHostErrorKind.Unavailable, "OvsNotInstalled",
                    $"ovs-vsctl is not installed on host '{session.Host}'. Install Open vSwitch (Debian/Ubuntu: apt-get install openvswitch-switch; RHEL: openvswitch).");
            }
            if (err.Contains("database connection failed"))
            {
                var reason = err.Substring(err.IndexOf("database connection failed", StringComparison.Ordinal)).Trim();
                return new XHostException(XHostErrorKind.Unavailable, "OvsDatabaseUnavailable",
                    $"Cannot reach the Open vSwitch database on host '{session.Host}' at {DatabaseOf(session)} ({reason}). " +
                    "Start Open vSwitch (systemctl start openvswitch-switch, or Start-OvsDaemon), or, if it listens elsewhere — " +
                    "a source build uses unix:/usr/local/var/run/openvswitch/db.sock — make the session with -OvsDatabase pointing at its socket.");
            }
            if (result.TimedOut || result.ExitCode == 142 || err.Contains("timeout"))
            {
                return new XHostException(XHostErrorKind.Unavailable, "OvsSwitchNotResponding",
                    $"Open vSwitch on host '{session.Host}' did not apply the change within {TimeoutSeconds} s: the database at {DatabaseOf(session)} answers, " +
                    "but ovs-vswitchd seems not to be running (the database holds the change until ovs-vswitchd applies it or it is undone). " +
                    "Start ovs-vswitchd (Start-OvsDaemon, or systemctl start openvswitch-switch), then check with Get-OvsBridge.");
            }
            return null;
        }
    }
}
