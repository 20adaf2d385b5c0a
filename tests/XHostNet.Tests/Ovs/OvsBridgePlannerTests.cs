using XHostNet.Ovs;
using XHostNet.Planning;
using XHostNet.Tests.Planning;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Ovs;

/// <summary>The Open vSwitch bridge planner through the scripted executor, on state captured from this machine's ip and ovs-vsctl.</summary>
public class OvsBridgePlannerTests
{
    private const string AddObr0 = "ovs-vsctl --timeout=20 add-br obr0 -- set Bridge obr0 datapath_type=netdev";
    private static readonly string[] Reads = HostCapture.StateLines(OvsNeed.Required);

    private static async Task<ChangePlan<OvsBridge>> PlanNew(ScriptedExecutor host, string name, string? datapathType, bool kernelDatapath = false, bool force = false) =>
        OvsBridgePlanner.PlanNew(await HostNetworkState.ReadAsync(host.Session, OvsNeed.Required, CancellationToken.None), name, datapathType, null, kernelDatapath, force);

    private static string[] RanAfterReads(params string[] lines) => Reads.Concat(lines).ToArray();

    [Fact]
    public async Task A_missing_bridge_is_added_in_one_transaction_brought_up_and_read_back()
    {
        var host = CapturedHost.Plain.AnswerState(new ScriptedExecutor(), OvsNeed.Required).Succeeds(AddObr0, "ip link set dev obr0 up");
        CapturedHost.WithOvsBridge.AnswerState(host, OvsNeed.Required);
        var bridge = await (await PlanNew(host, "obr0", "netdev")).ApplyAsync(CancellationToken.None);
        host.AssertRan(RanAfterReads(AddObr0, "ip link set dev obr0 up").Concat(Reads).ToArray());
        Assert.Equal(2, host.RoundTrips);
        Assert.Equal(("obr0", "netdev", (string?)null, (int?)1500), (bridge!.Name, bridge.DatapathType, bridge.Error, bridge.Mtu));
    }

    [Fact]
    public async Task A_bridge_already_as_asked_changes_nothing()
    {
        var host = CapturedHost.WithOvsBridge.AnswerState(new ScriptedExecutor(), OvsNeed.Required);
        var plan = await PlanNew(host, "obr0", "netdev");
        Assert.True(plan.IsEmpty);
        Assert.Equal("netdev", (await plan.ApplyAsync(CancellationToken.None))!.DatapathType);
        host.AssertRan(Reads);
    }

    [Fact]
    public async Task Other_settings_or_a_name_in_use_are_refused_before_any_change()
    {
        var host = CapturedHost.WithOvsBridge.AnswerState(new ScriptedExecutor(), OvsNeed.Required);
        var state = await HostNetworkState.ReadAsync(host.Session, OvsNeed.Required, CancellationToken.None);
        var conflict = Assert.Throws<XHostException>(() => OvsBridgePlanner.PlanNew(state, "obr0", "system", null, true, force: false));
        Assert.Equal(ErrorIds.OvsBridgeConflict, conflict.ErrorId);
        Assert.Contains("datapath type netdev (asked system", conflict.Message);
        Assert.Equal("ovs-vsctl --timeout=20 set Bridge obr0 datapath_type=system; ip link set dev obr0 up",
            string.Join("; ", OvsBridgePlanner.PlanNew(state, "obr0", "system", null, true, force: true).Commands.Select(ScriptedExecutor.Line)));
        Assert.Equal(ErrorIds.InterfaceNameInUse, Assert.Throws<XHostException>(() => OvsBridgePlanner.PlanNew(state, "br0", null, null, false, force: true)).ErrorId);
        Assert.Equal(ErrorIds.NotAnOvsBridge, Assert.Throws<XHostException>(() => OvsBridgePlanner.PlanRemove(state, "br0")).ErrorId);
        host.AssertRan(Reads);
    }

    [Fact]
    public async Task An_unreachable_database_is_said_before_anything_is_planned()
    {
        var host = new ScriptedExecutor();
        CapturedHost.Plain.AnswerLinks(host)
            .On(HostCapture.Routes4Line.Split(' '), stdout: CapturedHost.PlainRoutes4).On(HostCapture.Routes6Line.Split(' '), stdout: CapturedHost.PlainRoutes6)
            .On(OvsState.ReadCommand(host.Session), exitCode: 1, stderr: CapturedHost.OvsNoDatabase);
        var ex = await Assert.ThrowsAsync<XHostException>(() => HostNetworkState.ReadAsync(host.Session, OvsNeed.Required, CancellationToken.None));
        Assert.Equal(ErrorIds.OvsDatabaseUnavailable, ex.ErrorId);
        host.AssertRan(Reads);
    }

    [Fact]
    public async Task A_bridge_the_datapath_cannot_make_is_undone_with_the_plans_error_id_and_hint()
    {
        // Captured: ovs-vsctl exits 0 for a kernel-datapath bridge without the openvswitch module; the device never appears.
        var host = CapturedHost.WithOvsBridge.AnswerState(new ScriptedExecutor(), OvsNeed.Required)
            .On("ovs-vsctl --timeout=20 add-br obr9 -- set Bridge obr9 datapath_type=system".Split(' '), stderr: CapturedHost.OvsSetupError)
            .On("ip link set dev obr9 up".Split(' '), exitCode: 1, stderr: CapturedHost.NoDevice("obr9"))
            .Succeeds("ovs-vsctl --timeout=20 --no-wait --if-exists del-br obr9");
        var plan = await PlanNew(host, "obr9", null, kernelDatapath: true);
        var ex = await Assert.ThrowsAsync<XHostException>(() => plan.ApplyAsync(CancellationToken.None));
        host.AssertRan(RanAfterReads("ovs-vsctl --timeout=20 add-br obr9 -- set Bridge obr9 datapath_type=system", "ip link set dev obr9 up",
            "ovs-vsctl --timeout=20 --no-wait --if-exists del-br obr9"));
        Assert.Equal(ErrorIds.OvsBridgeNotWorking, ex.ErrorId);
        Assert.Equal("ip link set dev obr9 up failed on host 'ssh:admin@h1:22' (exit 1): Cannot find device \"obr9\". " +
                     "Open vSwitch made no device for 'obr9': the kernel datapath looks unavailable on host 'ssh:admin@h1:22'; use -DatapathType netdev. " +
                     "The change was undone on host 'ssh:admin@h1:22' (ovs-vsctl --timeout=20 --no-wait --if-exists del-br obr9).", ex.Message);
    }

    [Fact]
    public async Task A_read_back_of_a_bridge_without_a_device_is_undone_as_not_working()
    {
        // Had the device step passed, the read-back (captured) shows obr9 with no ofport: not working, so it is undone.
        var host = CapturedHost.WithOvsBridge.AnswerState(new ScriptedExecutor(), OvsNeed.Required)
            .Succeeds("ovs-vsctl --timeout=20 add-br obr9 -- set Bridge obr9 datapath_type=system", "ip link set dev obr9 up",
                "ovs-vsctl --timeout=20 --no-wait --if-exists del-br obr9");
        CapturedHost.WithBrokenKernelBridge.AnswerState(host, OvsNeed.Required);
        var plan = await PlanNew(host, "obr9", "system", kernelDatapath: true);
        var ex = await Assert.ThrowsAsync<XHostException>(() => plan.ApplyAsync(CancellationToken.None));
        Assert.Equal(ErrorIds.OvsBridgeNotWorking, ex.ErrorId);
        Assert.StartsWith("Open vSwitch bridge 'obr9' on host 'ssh:admin@h1:22' was added but does not work: ", ex.Message);
        Assert.Contains("The kernel datapath looks unavailable there; use -DatapathType netdev.", ex.Message);
        Assert.EndsWith("The change was undone on host 'ssh:admin@h1:22' (ovs-vsctl --timeout=20 --no-wait --if-exists del-br obr9).", ex.Message);
        Assert.Equal("ovs-vsctl --timeout=20 --no-wait --if-exists del-br obr9", host.Ran[^1]);
    }

    [Fact]
    public async Task A_change_ovs_vswitchd_did_not_confirm_may_have_applied_so_it_is_undone_and_explained()
    {
        // ovs-vsctl --timeout ends with SIGALRM (142) while waiting for ovs-vswitchd; the database answers the probe.
        var host = CapturedHost.Plain.AnswerState(new ScriptedExecutor(), OvsNeed.Required)
            .On(AddObr0.Split(' '), exitCode: 142)
            .Succeeds("ovs-vsctl --timeout=20 --no-wait --if-exists del-br obr0")
            .On("ovs-vsctl --db=unix:/var/run/openvswitch/db.sock --timeout=5 get Open_vSwitch . ovs_version".Split(' '), stdout: "\"3.1.0\"\n");
        var plan = await PlanNew(host, "obr0", "netdev");
        var ex = await Assert.ThrowsAsync<XHostException>(() => plan.ApplyAsync(CancellationToken.None));
        host.AssertRan(RanAfterReads(AddObr0, "ovs-vsctl --timeout=20 --no-wait --if-exists del-br obr0",
            "ovs-vsctl --db=unix:/var/run/openvswitch/db.sock --timeout=5 get Open_vSwitch . ovs_version"));
        Assert.Equal(ErrorIds.OvsSwitchNotResponding, ex.ErrorId);
        Assert.StartsWith("Open vSwitch on host 'ssh:admin@h1:22' did not apply the change within 20 s", ex.Message);
        Assert.EndsWith("The change was undone on host 'ssh:admin@h1:22' (ovs-vsctl --timeout=20 --no-wait --if-exists del-br obr0).", ex.Message);
    }

    [Fact]
    public async Task A_bridge_made_by_someone_else_between_read_and_change_is_not_taken_over()
    {
        var host = CapturedHost.Plain.AnswerState(new ScriptedExecutor(), OvsNeed.Required)
            .On(AddObr0.Split(' '), exitCode: 1, stderr: "ovs-vsctl: cannot create a bridge named obr0 because a bridge named obr0 already exists\n");
        var plan = await PlanNew(host, "obr0", "netdev");
        var ex = await Assert.ThrowsAsync<XHostException>(() => plan.ApplyAsync(CancellationToken.None));
        host.AssertRan(RanAfterReads(AddObr0));
        Assert.Equal(ErrorIds.OvsBridgeChangedConcurrently, ex.ErrorId);
        Assert.Contains("this call changed nothing", ex.Message);
        Assert.Contains("Nothing was changed before it. Not run: ip link set dev obr0 up.", ex.Message);
    }

    [Fact]
    public async Task Removing_a_bridge_deletes_it_once_and_a_missing_one_is_already_as_asked()
    {
        var host = CapturedHost.WithOvsBridge.AnswerState(new ScriptedExecutor(), OvsNeed.Required).Succeeds("ovs-vsctl --timeout=20 --if-exists del-br obr0");
        var state = await HostNetworkState.ReadAsync(host.Session, OvsNeed.Required, CancellationToken.None);
        var removed = await OvsBridgePlanner.PlanRemove(state, "obr0").ApplyAsync(CancellationToken.None);
        Assert.True(OvsBridgePlanner.PlanRemove(OverlaySnapshotOf(CapturedHost.Plain, host), "obr0").IsEmpty);
        host.AssertRan(RanAfterReads("ovs-vsctl --timeout=20 --if-exists del-br obr0"));
        Assert.Null(removed); // a removal reads nothing back
    }

    private static HostNetworkState OverlaySnapshotOf(HostCapture capture, ScriptedExecutor host) =>
        new(host.Session, XHostNet.Linux.IpJson.ParseLinks(capture.Links), XHostNet.Routing.IpRouteJson.Parse(capture.Routes4), OvsState.Parse(capture.Ovs));
}
