using System.Net;
using XHostNet.Execution;
using XHostNet.Linux;
using XHostNet.Ovs;
using XHostNet.Planning;
using XHostNet.PowerShell;
using XHostNet.Routing;
using XHostNet.Sessions;
using XHostNet.Tunnels;
using XHostNet.Tests.Planning;

namespace XHostNet.Tests.Ovs;

/// <summary>Open vSwitch without a host: its JSON tables, its failures explained, where a start puts its files.</summary>
public class OvsCoreTests
{
    [Fact]
    public void Ovs_json_tables_parse_into_bridges_ports_and_interfaces_with_their_quiet_failures()
    {
        var ovs = OvsState.Parse(OverlaySnapshot.OvsOutput);
        Assert.Equal(new[] { "gre0", "obr0" }, ovs.Bridge("obr0")!.Ports);
        var gre = ovs.Interface("gre0")!;
        Assert.Equal(("gre", "obr0", 1, (string?)null), (gre.Type, gre.Bridge, gre.OfPort!.Value, gre.Failure));
        Assert.Equal("10.201.0.2", gre.Options["remote_ip"]);
        Assert.Equal("95", gre.Statistics["tx_packets"]);
        Assert.True(gre.IsTunnel);
        // An error column, or no ofport, is a failure even though ovs-vsctl exited 0.
        Assert.Equal("could not open network device obrphy (No such device)", ovs.Interface("obrphy")!.Failure);
        Assert.Equal(new[] { "gre0" }, ovs.TunnelsOn("obr0").Select(i => i.Name));
    }

    [Fact]
    public void Ovs_output_that_is_not_three_tables_is_an_error() =>
        Assert.Equal(ErrorIds.ToolOutputUnreadable, Assert.Throws<XHostException>(() => OvsState.Parse("""{"data":[],"headings":[]}""")).ErrorId);

    [Fact]
    public void Ovs_database_errors_say_which_socket_and_what_to_do()
    {
        var session = new XHostSession { OvsDatabase = "unix:/usr/local/var/run/openvswitch/db.sock" };
        var result = new CommandResult("local", new[] { "ovs-vsctl" }, 1, "",
            "ovs-vsctl: unix:/usr/local/var/run/openvswitch/db.sock: database connection failed (No such file or directory)\n", TimeSpan.Zero);
        var error = OvsVsctl.Explain(result, session)!;
        Assert.Equal(ErrorIds.OvsDatabaseUnavailable, error.ErrorId);
        Assert.Contains("at unix:/usr/local/var/run/openvswitch/db.sock (database connection failed (No such file or directory))", error.Message);
        Assert.Equal(ErrorIds.OvsNotInstalled, OvsVsctl.Explain(new CommandResult("local", new[] { "ovs-vsctl" }, 127, "", "sh: ovs-vsctl: not found", TimeSpan.Zero), session)!.ErrorId);
        Assert.Equal("ovs-vsctl --db=unix:/usr/local/var/run/openvswitch/db.sock --timeout=20 list-br", ShellQuoting.Join(OvsVsctl.Command(session, "list-br")));
    
    }

    [Theory]
    [InlineData("unix:/usr/local/var/run/openvswitch/db.sock", "mkdir -p /usr/local/var/run/openvswitch /usr/local/var/log/openvswitch /usr/local/etc/openvswitch",
        "ovsdb-tool create /usr/local/etc/openvswitch/conf.db")]
    [InlineData("unix:/run/openvswitch/db.sock", "mkdir -p /run/openvswitch /var/log/openvswitch /etc/openvswitch", "ovsdb-tool create /etc/openvswitch/conf.db")]
    [InlineData("unix:/tmp/lab/h1/db.sock", "mkdir -p /tmp/lab/h1", "ovsdb-tool create /tmp/lab/h1/conf.db")]
    public void Start_finds_the_database_file_and_logs_where_the_install_keeps_them(string database, string mkdir, string create)
    {
        var session = new XHostSession { OvsDatabase = database };
        var plan = OvsDaemon.PlanStart(session, new OvsDaemonStatus(), databaseFileExists: false);
        var commands = plan.Commands.Select(ShellQuoting.Join).ToList();
        Assert.Equal(mkdir, commands[0]);
        Assert.Equal(create, commands[1]);
        Assert.Contains(commands, c => c.StartsWith("env OVS_RUNDIR=") && c.Contains("ovs-vswitchd " + database));
    }
}
