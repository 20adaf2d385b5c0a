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
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Tunnels;

/// <summary>The tunnel planner on snapshots and, through the scripted executor, on a host that answers.</summary>
public class TunnelPlannerTests
{
    [Fact]
    public void An_ovs_tunnel_plan_is_one_ovs_vsctl_transaction_undone_by_del_port()
    {
        var spec = new TunnelSpec { Kind = TunnelKind.Vxlan, Name = "vx1", Bridge = "obr0", RemoteAddress = IPAddress.Parse("10.201.0.5"), Vni = 9, Port = 4790 };
        var plan = TunnelPlanner.PlanAdd(OverlaySnapshot.State(), spec, force: false);
        Assert.Equal("ovs-vsctl --timeout=20 add-port obr0 vx1 -- set Interface vx1 type=vxlan options:dst_port=4790 options:key=9 options:remote_ip=10.201.0.5",
            ShellQuoting.Join(Assert.Single(plan.Commands)));
        // The undo is a database change only (--no-wait): quick even when ovs-vswitchd is what failed.
        Assert.Equal("ovs-vsctl --timeout=20 --no-wait --if-exists del-port vx1", ShellQuoting.Join(Assert.Single(plan.RollbackCommands)));
        // br0 (1462) and obr0 (1500) feed it; only obr0 exceeds what VXLAN over a 1500 underlay carries (1450).
        Assert.Contains(plan.Warnings, w => w.Contains("at most 1450 bytes") && w.Contains("obr0 (1500)") && w.Contains("br0 (1462)"));
    }

    [Fact]
    public void Tunnel_plans_refuse_clashes_before_changing_anything()
    {
        var same = new TunnelSpec { Kind = TunnelKind.Gre, Name = "gre0", Bridge = "obr0", RemoteAddress = IPAddress.Parse("10.201.0.2"), Key = 7 };
        Assert.True(TunnelPlanner.PlanAdd(OverlaySnapshot.State(), same, force: false).IsEmpty);
        Assert.Equal(ErrorIds.TunnelEndpointInUse, Assert.Throws<XHostException>(() => TunnelPlanner.PlanAdd(OverlaySnapshot.State(), With(same, "gre1"), false)).ErrorId);
        Assert.Equal(ErrorIds.InterfaceNameInUse, Assert.Throws<XHostException>(() => TunnelPlanner.PlanAdd(OverlaySnapshot.State(), With(same, "br1"), false)).ErrorId);
        Assert.Equal(ErrorIds.TunnelBridgeNotFound, Assert.Throws<XHostException>(() => TunnelPlanner.PlanAdd(OverlaySnapshot.State(), With(same, "gre2", bridge: "nosuch"), false)).ErrorId);
        Assert.Equal(ErrorIds.TunnelBridgeInvalid, Assert.Throws<XHostException>(() => TunnelPlanner.PlanAdd(OverlaySnapshot.State(), With(same, "gre2", bridge: "br0"), false)).ErrorId);
        var kernelTwin = new TunnelSpec { Kind = TunnelKind.Vxlan, Name = "vx9", Bridge = "br0", RemoteAddress = IPAddress.Parse("10.201.0.4"), Vni = 42, Port = 4789 };
        Assert.Equal(ErrorIds.TunnelEndpointInUse, Assert.Throws<XHostException>(() => TunnelPlanner.PlanAdd(OverlaySnapshot.State(), kernelTwin, false)).ErrorId);

        static TunnelSpec With(TunnelSpec s, string name, string? bridge = null) =>
            new() { Kind = s.Kind, Name = name, Bridge = bridge ?? s.Bridge, RemoteAddress = s.RemoteAddress, Key = s.Key };
    }

    [Fact]
    public void A_kernel_vxlan_plan_sets_the_mtu_the_underlay_leaves_and_joins_the_bridge()
    {
        var spec = new TunnelSpec { Kind = TunnelKind.Vxlan, Name = "vx5", Bridge = "br0", RemoteAddress = IPAddress.Parse("10.201.0.2"), Vni = 5, Port = 4789 };
        var plan = TunnelPlanner.PlanAdd(OverlaySnapshot.State(), spec, force: false);
        Assert.Equal(new[]
        {
            "ip link add name vx5 type vxlan id 5 remote 10.201.0.2 dstport 4789",
            "ip link set dev vx5 mtu 1450",
            "ip link set dev vx5 master br0",
            "ip link set dev vx5 up",
        }, plan.Commands.Select(ShellQuoting.Join));
    }

    // Through the scripted executor: read → plan → apply → read back, on state captured from this machine's ip and ovs-vsctl.

    private static readonly string[] Reads = HostCapture.StateLines(OvsNeed.Required);
    private const string AddGre0 = "ovs-vsctl --timeout=20 add-port obr0 gre0 -- set Interface gre0 type=gre options:key=7 options:remote_ip=10.200.64.2";
    private const string UndoGre0 = "ovs-vsctl --timeout=20 --no-wait --if-exists del-port gre0";
    private const string AddVxo1 = "ovs-vsctl --timeout=20 add-port obr0 vxo1 -- set Interface vxo1 type=vxlan options:dst_port=4790 options:key=9 options:remote_ip=10.200.64.5";
    private static readonly string[] AddVx0 =
    {
        "ip link add name vx0 type vxlan id 42 remote 10.200.64.3 dstport 4789",
        "ip link set dev vx0 mtu 1450",
        "ip link set dev vx0 master br0",
        "ip link set dev vx0 up",
    };

    private static TunnelSpec Gre0(uint key = 7, string name = "gre0") =>
        new() { Kind = TunnelKind.Gre, Name = name, Bridge = "obr0", RemoteAddress = IPAddress.Parse("10.200.64.2"), Key = key };

    private static TunnelSpec Vxo1(int port = 4790) =>
        new() { Kind = TunnelKind.Vxlan, Name = "vxo1", Bridge = "obr0", RemoteAddress = IPAddress.Parse("10.200.64.5"), Vni = 9, Port = port };

    private static TunnelSpec Vx0(int vni = 42, string name = "vx0") =>
        new() { Kind = TunnelKind.Vxlan, Name = name, Bridge = "br0", RemoteAddress = IPAddress.Parse("10.200.64.3"), Vni = vni, Port = 4789 };

    private static async Task<ChangePlan<OverlayTunnel>> PlanAdd(ScriptedExecutor host, TunnelSpec spec, bool force = false) =>
        TunnelPlanner.PlanAdd(await HostNetworkState.ReadAsync(host.Session, spec.Kind == TunnelKind.Gre ? OvsNeed.Required : OvsNeed.IfAvailable, CancellationToken.None), spec, force);

    private static string[] Then(params string[] lines) => Reads.Concat(lines).ToArray();

    [Fact]
    public async Task A_missing_gre_port_is_one_transaction_read_back_with_its_egress_and_ofport()
    {
        var host = CapturedHost.WithOvsBridge.AnswerState(new ScriptedExecutor(), OvsNeed.Required).Succeeds(AddGre0);
        CapturedHost.WithGre.AnswerState(host, OvsNeed.IfAvailable);
        var plan = await PlanAdd(host, Gre0());
        Assert.Equal(new[] { UndoGre0 }, plan.RollbackCommands.Select(ScriptedExecutor.Line));
        var gre = Assert.IsType<GreTunnel>(await plan.ApplyAsync(CancellationToken.None));
        host.AssertRan(Then(AddGre0).Concat(Reads).ToArray());
        Assert.Equal(("gre0", "obr0", "7", 1, "eth0", (string?)null), (gre.Name, gre.Bridge, gre.Key, gre.OfPort, gre.EgressInterface, gre.Error));
    }

    [Fact]
    public async Task A_gre_port_already_as_asked_changes_nothing()
    {
        var host = CapturedHost.WithGre.AnswerState(new ScriptedExecutor(), OvsNeed.Required);
        var plan = await PlanAdd(host, Gre0());
        Assert.True(plan.IsEmpty);
        Assert.Equal("gre0", (await plan.ApplyAsync(CancellationToken.None))!.Name);
        host.AssertRan(Reads);
    }

    [Fact]
    public async Task A_gre_port_with_other_settings_is_refused_and_forced_replaced_in_one_transaction()
    {
        var host = CapturedHost.WithGre.AnswerState(new ScriptedExecutor(), OvsNeed.Required);
        var state = await HostNetworkState.ReadAsync(host.Session, OvsNeed.Required, CancellationToken.None);
        var ex = Assert.Throws<XHostException>(() => TunnelPlanner.PlanAdd(state, Gre0(key: 8), force: false));
        Assert.Equal(ErrorIds.TunnelConflict, ex.ErrorId);
        Assert.Contains("'gre0' on host 'ssh:admin@h1:22' is already an Open vSwitch interface (type gre on bridge obr0, key=7, remote_ip=10.200.64.2). Nothing was changed.", ex.Message);
        var forced = TunnelPlanner.PlanAdd(state, Gre0(key: 8), force: true);
        Assert.Equal("ovs-vsctl --timeout=20 --if-exists del-port gre0 -- add-port obr0 gre0 -- set Interface gre0 type=gre options:key=8 options:remote_ip=10.200.64.2",
            ScriptedExecutor.Line(Assert.Single(forced.Commands)));
        Assert.Empty(forced.RollbackCommands); // what it replaced cannot be put back by deleting
        Assert.Equal(ErrorIds.TunnelEndpointInUse, Assert.Throws<XHostException>(() => TunnelPlanner.PlanAdd(state, Gre0(name: "gre1"), force: true)).ErrorId);
        Assert.Equal(ErrorIds.InterfaceNameInUse, Assert.Throws<XHostException>(() => TunnelPlanner.PlanAdd(state, Gre0(name: "eth0"), force: true)).ErrorId);
        host.AssertRan(Reads);
    }

    [Fact]
    public async Task A_gre_port_made_by_someone_else_between_read_and_change_is_not_taken_over_nor_undone()
    {
        var host = CapturedHost.WithOvsBridge.AnswerState(new ScriptedExecutor(), OvsNeed.Required)
            .On(AddGre0.Split(' '), exitCode: 1, stderr: CapturedHost.OvsPortExists);
        var ex = await Assert.ThrowsAsync<XHostException>(async () => await (await PlanAdd(host, Gre0())).ApplyAsync(CancellationToken.None));
        host.AssertRan(Then(AddGre0));
        Assert.Equal(ErrorIds.TunnelChangedConcurrently, ex.ErrorId);
        Assert.StartsWith("GRE tunnel gre0 on host 'ssh:admin@h1:22' was changed concurrently: another change made a port of that name between this call's read and its change; this call changed nothing.", ex.Message);
        Assert.Contains("Nothing was changed before it.", ex.Message);
    }

    [Fact]
    public async Task A_gre_port_missing_from_the_read_back_is_undone()
    {
        var host = CapturedHost.WithOvsBridge.AnswerState(new ScriptedExecutor(), OvsNeed.Required).Succeeds(AddGre0, UndoGre0);
        CapturedHost.WithOvsBridge.AnswerState(host, OvsNeed.IfAvailable);
        var ex = await Assert.ThrowsAsync<XHostException>(async () => await (await PlanAdd(host, Gre0())).ApplyAsync(CancellationToken.None));
        host.AssertRan(Then(AddGre0).Concat(Reads).Append(UndoGre0).ToArray());
        Assert.Equal(ErrorIds.TunnelNotWorking, ex.ErrorId);
        Assert.Equal("GRE tunnel gre0 on host 'ssh:admin@h1:22' is not there after the change. The change was undone on host 'ssh:admin@h1:22' (" + UndoGre0 + ").", ex.Message);
    }

    [Fact]
    public async Task A_database_that_stops_answering_mid_change_is_undone_and_said_so()
    {
        const string probe = "ovs-vsctl --db=unix:/var/run/openvswitch/db.sock --timeout=5 get Open_vSwitch . ovs_version";
        var host = CapturedHost.WithOvsBridge.AnswerState(new ScriptedExecutor(), OvsNeed.Required)
            .On(AddGre0.Split(' '), exitCode: 142).Succeeds(UndoGre0)
            .On(probe.Split(' '), exitCode: 1, stderr: CapturedHost.OvsNoDatabase);
        var ex = await Assert.ThrowsAsync<XHostException>(async () => await (await PlanAdd(host, Gre0())).ApplyAsync(CancellationToken.None));
        host.AssertRan(Then(AddGre0, UndoGre0, probe));
        Assert.Equal(ErrorIds.OvsDatabaseUnavailable, ex.ErrorId);
        Assert.Contains("stopped answering during the change (database connection failed (No such file or directory))", ex.Message);
        Assert.EndsWith("The change was undone on host 'ssh:admin@h1:22' (" + UndoGre0 + ").", ex.Message);
    }

    [Fact]
    public async Task A_missing_ovs_vxlan_port_is_added_beside_a_kernel_vxlan_on_another_udp_port()
    {
        var host = CapturedHost.WithSecondBridge.AnswerState(new ScriptedExecutor(), OvsNeed.IfAvailable).Succeeds(AddVxo1);
        CapturedHost.WithOvsVxlan.AnswerState(host, OvsNeed.IfAvailable);
        var vx = Assert.IsType<VxlanTunnel>(await (await PlanAdd(host, Vxo1())).ApplyAsync(CancellationToken.None));
        host.AssertRan(Then(AddVxo1).Concat(Reads).ToArray());
        Assert.Equal((TunnelImplementation.OpenVSwitch, 9, 4790, "obr0", 2), (vx.Implementation, vx.Vni, vx.Port, vx.Bridge, vx.OfPort));

        var again = CapturedHost.WithOvsVxlan.AnswerState(new ScriptedExecutor(), OvsNeed.IfAvailable);
        Assert.True((await PlanAdd(again, Vxo1())).IsEmpty);
        again.AssertRan(Reads);
    }

    [Fact]
    public async Task An_ovs_vxlan_port_on_the_kernel_vxlans_udp_port_is_refused_before_any_change()
    {
        var host = CapturedHost.WithSecondBridge.AnswerState(new ScriptedExecutor(), OvsNeed.IfAvailable);
        var ex = await Assert.ThrowsAsync<XHostException>(() => PlanAdd(host, Vxo1(port: 4789)));
        Assert.Equal(ErrorIds.TunnelEndpointInUse, ex.ErrorId);
        Assert.Contains("UDP port 4789 on host 'ssh:admin@h1:22' already carries VXLAN for the kernel ('vx0')", ex.Message);
        host.AssertRan(Reads);
    }

    [Fact]
    public async Task A_missing_kernel_vxlan_takes_the_mtu_its_underlay_leaves_joins_the_bridge_and_reads_back()
    {
        var host = CapturedHost.WithGre.AnswerState(new ScriptedExecutor(), OvsNeed.IfAvailable).Succeeds(AddVx0);
        CapturedHost.WithVxlanAndRoute.AnswerState(host, OvsNeed.IfAvailable);
        var plan = await PlanAdd(host, Vx0());
        // veth0 on br0 (1500) takes larger packets than VXLAN over eth0 (1500) carries.
        Assert.Contains(plan.Warnings, w => w.Contains("at most 1450 bytes") && w.Contains("veth0 (1500)"));
        var vx = Assert.IsType<VxlanTunnel>(await plan.ApplyAsync(CancellationToken.None));
        host.AssertRan(Then(AddVx0).Concat(Reads).ToArray());
        Assert.Equal((TunnelImplementation.Kernel, 42, 4789, "br0", "eth0", (int?)1450), (vx.Implementation, vx.Vni, vx.Port, vx.Bridge, vx.EgressInterface, vx.OverlayMtu));
    }

    [Fact]
    public async Task A_kernel_vxlan_already_as_asked_changes_nothing_and_a_second_on_its_vni_is_refused()
    {
        var host = CapturedHost.WithVxlanAndRoute.AnswerState(new ScriptedExecutor(), OvsNeed.IfAvailable);
        var state = await HostNetworkState.ReadAsync(host.Session, OvsNeed.IfAvailable, CancellationToken.None);
        Assert.True(TunnelPlanner.PlanAdd(state, Vx0(), force: false).IsEmpty);
        var twin = Assert.Throws<XHostException>(() => TunnelPlanner.PlanAdd(state, Vx0(name: "vx9"), force: true));
        Assert.Equal(ErrorIds.TunnelEndpointInUse, twin.ErrorId);
        Assert.Contains("VXLAN device 'vx0' on host 'ssh:admin@h1:22' already uses VNI 42 on UDP port 4789", twin.Message);
        var other = Assert.Throws<XHostException>(() => TunnelPlanner.PlanAdd(state, Vx0(vni: 43), force: false));
        Assert.Equal(ErrorIds.TunnelConflict, other.ErrorId);
        host.AssertRan(Reads);
    }

    [Fact]
    public async Task A_kernel_vxlan_failing_part_way_is_deleted_again()
    {
        var host = CapturedHost.WithGre.AnswerState(new ScriptedExecutor(), OvsNeed.IfAvailable)
            .Succeeds(AddVx0[0], AddVx0[1])
            .On(AddVx0[2].Split(' '), exitCode: 2, stderr: "RTNETLINK answers: Operation not permitted\n")
            .Succeeds("ip link delete dev vx0");
        var ex = await Assert.ThrowsAsync<XHostException>(async () => await (await PlanAdd(host, Vx0())).ApplyAsync(CancellationToken.None));
        host.AssertRan(Then(AddVx0[0], AddVx0[1], AddVx0[2], "ip link delete dev vx0"));
        Assert.Equal(ErrorIds.HostChangeFailed, ex.ErrorId);
        Assert.Equal("ip link set dev vx0 master br0 failed on host 'ssh:admin@h1:22' (exit 2): RTNETLINK answers: Operation not permitted. " +
                     "The change was undone on host 'ssh:admin@h1:22' (ip link delete dev vx0).", ex.Message);
    }

    [Fact]
    public async Task A_kernel_vxlan_the_kernel_refuses_at_once_is_not_undone()
    {
        // Someone made a VXLAN on VNI 42 after the read: nothing of this change exists, so nothing is deleted (not their device either).
        var host = CapturedHost.WithGre.AnswerState(new ScriptedExecutor(), OvsNeed.IfAvailable)
            .On(AddVx0[0].Split(' '), exitCode: 2, stderr: CapturedHost.VniInUse);
        var ex = await Assert.ThrowsAsync<PartialChangeException>(async () => await (await PlanAdd(host, Vx0())).ApplyAsync(CancellationToken.None));
        host.AssertRan(Then(AddVx0[0]));
        Assert.Contains("failed with exit code 2: Error: A VXLAN device with the specified VNI already exists. Nothing was changed before it.", ex.Message);
    }

    [Fact]
    public async Task Removing_tunnels_deletes_each_the_way_it_was_made()
    {
        var host = CapturedHost.WithOvsVxlan.AnswerState(new ScriptedExecutor(), OvsNeed.IfAvailable)
            .Succeeds("ip link delete dev vx0 type vxlan", "ovs-vsctl --timeout=20 --if-exists del-port vxo1");
        var state = await HostNetworkState.ReadAsync(host.Session, OvsNeed.IfAvailable, CancellationToken.None);
        Assert.Null(await TunnelPlanner.PlanRemove(state, "vx0", TunnelKind.Vxlan).ApplyAsync(CancellationToken.None));
        Assert.Null(await TunnelPlanner.PlanRemove(state, "vxo1", TunnelKind.Vxlan).ApplyAsync(CancellationToken.None));
        Assert.True(TunnelPlanner.PlanRemove(state, "gone0", TunnelKind.Gre).IsEmpty);
        Assert.Equal(ErrorIds.NotATunnel, Assert.Throws<XHostException>(() => TunnelPlanner.PlanRemove(state, "br0", TunnelKind.Vxlan)).ErrorId);
        Assert.Equal(ErrorIds.NotATunnel, Assert.Throws<XHostException>(() => TunnelPlanner.PlanRemove(state, "vxo1", TunnelKind.Gre)).ErrorId);
        host.AssertRan(Then("ip link delete dev vx0 type vxlan", "ovs-vsctl --timeout=20 --if-exists del-port vxo1"));
    }
}
