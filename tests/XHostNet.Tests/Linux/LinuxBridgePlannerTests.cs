using XHostNet.Linux;
using XHostNet.Sessions;

namespace XHostNet.Tests.Linux;

public class LinuxBridgePlannerTests
{
    private static readonly XHostSession Session = new();
    private static readonly IReadOnlyList<IpLink> Links = IpJson.ParseLinks(ParsingAndValidationTests.SampleLinks);

    private static string[] Lines(XHostNet.Planning.ChangePlan<LinuxBridge> plan) =>
        plan.Commands.Select(c => string.Join(" ", c)).ToArray();

    [Fact]
    public void A_new_bridge_is_created_configured_and_brought_up()
    {
        var plan = LinuxBridgePlanner.PlanNew(Session, Links, new LinuxBridgeSpec
        {
            Name = "br1", Mtu = 1450, Stp = true, Addresses = new[] { InterfaceAddress.Parse("10.200.3.1/24"), InterfaceAddress.Parse("fd00::1/64") },
        }, force: false);
        Assert.Equal(new[]
        {
            "ip link add name br1 type bridge stp_state 1",
            "ip link set dev br1 mtu 1450",
            "ip address add 10.200.3.1/24 dev br1",
            "ip address add fd00::1/64 dev br1",
            "ip link set dev br1 up",
        }, Lines(plan));
        Assert.Null(plan.Current);
        Assert.Contains("ip link add name br1", plan.Describe());
    }

    [Fact]
    public void An_existing_bridge_as_asked_plans_nothing()
    {
        var plan = LinuxBridgePlanner.PlanNew(Session, Links, new LinuxBridgeSpec
        {
            Name = "br0", Mtu = 1500, Stp = true, Addresses = new[] { InterfaceAddress.Parse("10.200.1.1/24") },
        }, force: false);
        Assert.True(plan.IsEmpty);
        Assert.Equal("br0", plan.Current!.Name);
    }

    [Fact]
    public void A_missing_address_is_added_without_force()
    {
        var plan = LinuxBridgePlanner.PlanNew(Session, Links, new LinuxBridgeSpec
        {
            Name = "br0", Addresses = new[] { InterfaceAddress.Parse("10.200.1.1/24"), InterfaceAddress.Parse("10.200.2.1/24") },
        }, force: false);
        Assert.Equal(new[] { "ip address add 10.200.2.1/24 dev br0" }, Lines(plan));
    }

    [Fact]
    public void Conflicting_settings_are_refused_and_listed_unless_forced()
    {
        var spec = new LinuxBridgeSpec { Name = "br0", Mtu = 1400, Stp = false, Addresses = new[] { InterfaceAddress.Parse("10.200.1.1/16") } };
        var ex = Assert.Throws<XHostException>(() => LinuxBridgePlanner.PlanNew(Session, Links, spec, force: false));
        Assert.Equal(ErrorIds.LinuxBridgeConflict, ex.ErrorId);
        Assert.Equal(XHostErrorKind.Conflict, ex.Kind);
        Assert.Contains("MTU is 1500 (asked 1400)", ex.Message);
        Assert.Contains("STP is on (asked off)", ex.Message);
        Assert.Contains("10.200.1.1/24", ex.Message);
        var forced = LinuxBridgePlanner.PlanNew(Session, Links, spec, force: true);
        Assert.Equal(new[]
        {
            "ip link set dev br0 type bridge stp_state 0",
            "ip link set dev br0 mtu 1400",
            "ip address del 10.200.1.1/24 dev br0",
            "ip address add 10.200.1.1/16 dev br0",
        }, Lines(forced));
    }

    [Fact]
    public void A_name_taken_by_another_kind_of_interface_is_an_error_even_with_force()
    {
        var ex = Assert.Throws<XHostException>(() => LinuxBridgePlanner.PlanNew(Session, Links, new LinuxBridgeSpec { Name = "vy" }, force: true));
        Assert.Equal(ErrorIds.InterfaceNotABridge, ex.ErrorId);
        Assert.Contains("veth", ex.Message);
    }

    [Fact]
    public void Ports_are_enslaved_and_brought_up_and_existing_ones_left_alone()
    {
        var plan = LinuxBridgePlanner.PlanAddPorts(Session, Links, "br0", new[] { "vy", "eth9" }, force: false);
        Assert.Equal(new[] { "ip link set dev vy up", "ip link set dev eth9 master br0", "ip link set dev eth9 up" }, Lines(plan));
    }

    [Fact]
    public void Port_errors_name_what_is_wrong()
    {
        Assert.Equal(ErrorIds.LinuxBridgeNotFound, Assert.Throws<XHostException>(() => LinuxBridgePlanner.PlanAddPorts(Session, Links, "nobr", new[] { "eth9" }, false)).ErrorId);
        Assert.Equal(ErrorIds.InterfaceNotFound, Assert.Throws<XHostException>(() => LinuxBridgePlanner.PlanAddPorts(Session, Links, "br0", new[] { "nope" }, false)).ErrorId);
        Assert.Equal(ErrorIds.BridgePortIsBridge, Assert.Throws<XHostException>(() => LinuxBridgePlanner.PlanAddPorts(Session, Links, "br0", new[] { "br0" }, false)).ErrorId);
        Assert.Equal(ErrorIds.LinuxBridgeNotFound, Assert.Throws<XHostException>(() => LinuxBridgePlanner.PlanRemovePorts(Session, Links, "nobr", new[] { "vy" })).ErrorId);
        Assert.Equal(ErrorIds.InterfaceNotABridge, Assert.Throws<XHostException>(() => LinuxBridgePlanner.PlanRemove(Session, Links, "eth9")).ErrorId);
    }

    [Fact]
    public void Removing_what_is_already_gone_plans_nothing()
    {
        Assert.True(LinuxBridgePlanner.PlanRemove(Session, Links, "nobr").IsEmpty);
        Assert.True(LinuxBridgePlanner.PlanRemovePorts(Session, Links, "br0", new[] { "eth9", "nosuch" }).IsEmpty);
        Assert.Equal(new[] { "ip link set dev vy nomaster" }, Lines(LinuxBridgePlanner.PlanRemovePorts(Session, Links, "br0", new[] { "vy", "eth9" })));
        Assert.Equal(new[] { "ip link delete dev br0 type bridge" }, Lines(LinuxBridgePlanner.PlanRemove(Session, Links, "br0")));
    }

    [Fact]
    public void Duplicate_addresses_are_asked_for_once()
    {
        var a = InterfaceAddress.Parse("10.200.3.1/24");
        var plan = LinuxBridgePlanner.PlanNew(Session, Links, new LinuxBridgeSpec { Name = "br1", Addresses = new[] { a, InterfaceAddress.Parse("10.200.3.1/24") } }, false);
        Assert.Single(plan.Commands, c => c[1] == "address");
    }
}
