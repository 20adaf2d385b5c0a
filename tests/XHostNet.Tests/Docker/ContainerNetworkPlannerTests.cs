using System.Net;
using XHostNet.Docker;
using XHostNet.Linux;
using XHostNet.Tests.Planning;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Docker;

/// <summary>The container network planner through the scripted executor, on a container's network captured in namespaces of this machine.</summary>
public class ContainerNetworkPlannerTests
{
    private const string HostSide = "xh3f2c9a1e198b7";
    private const string TempSide = "xt3f2c9a1e198b7";
    private static readonly string[] Attach =
    {
        $"ip link add name {HostSide} mtu 1400 type veth peer name {TempSide} mtu 1400",
        $"ip link set dev {HostSide} master br1",
        $"ip link set dev {HostSide} up",
        $"ip link set dev {TempSide} netns 4242",
        $"nsenter -t 4242 -n ip link set dev {TempSide} name eth1",
        "nsenter -t 4242 -n ip address add 10.200.66.10/24 dev eth1",
        "nsenter -t 4242 -n ip link set dev eth1 up",
    };
    private const string Undo = $"ip link delete dev {HostSide}";

    private static IReadOnlyList<string> InspectCommand(ScriptedExecutor host, string container) =>
        DockerCli.Command(host.Session, "inspect", "--type", "container", "--format", "{{.Id}} {{.State.Pid}} {{.State.Running}} {{.Name}} {{.HostConfig.NetworkMode}}", container);

    private static string[] ReadLines(ScriptedExecutor host, string container) => new[]
    {
        ScriptedExecutor.Line(InspectCommand(host, container)),
        "nsenter -t 4242 -n ip -j -d -s address show",
        "ip -j -d -s address show",
        "nsenter -t 4242 -n ip -j route show",
    };

    /// <summary>Answers one ContainerState.ReadAsync: docker inspect alone, then the container's and the host's links and the container's routes in one batch.</summary>
    private static ScriptedExecutor AnswerRead(ScriptedExecutor host, string container, string containerLinks, string hostLinks, string containerRoutes) =>
        host.On(InspectCommand(host, container), stdout: CapturedContainer.Inspect)
            .On("nsenter -t 4242 -n ip -j -d -s address show".Split(' '), stdout: containerLinks)
            .On("ip -j -d -s address show".Split(' '), stdout: hostLinks)
            .On("nsenter -t 4242 -n ip -j route show".Split(' '), stdout: containerRoutes);

    private static ScriptedExecutor Before(ScriptedExecutor host, string container = "web") =>
        AnswerRead(host, container, CapturedContainer.BeforeContainerLinks, CapturedContainer.BeforeHostLinks, CapturedContainer.BeforeContainerRoutes);

    private static ScriptedExecutor Attached(ScriptedExecutor host, string container = "web") =>
        AnswerRead(host, container, CapturedContainer.AttachedContainerLinks, CapturedContainer.AttachedHostLinks, CapturedContainer.AttachedContainerRoutes);

    private static ContainerAttachSpec OnBr1(string? gateway = null) =>
        new() { Bridge = "br1", Address = InterfaceAddress.Parse("10.200.66.10/24"), Gateway = gateway is null ? null : IPAddress.Parse(gateway) };

    private static Task<ContainerState> Read(ScriptedExecutor host) => ContainerState.ReadAsync(host.Session, "web", CancellationToken.None);

    [Fact]
    public async Task A_container_is_attached_with_a_veth_pair_named_from_its_id_and_read_back()
    {
        var host = Before(new ScriptedExecutor()).Succeeds(Attach);
        Attached(host, CapturedContainer.Id);
        var plan = ContainerNetworkPlanner.PlanConnect(await Read(host), OnBr1());
        Assert.Equal(new[] { Undo }, plan.RollbackCommands.Select(ScriptedExecutor.Line));
        var eth1 = await plan.ApplyAsync(CancellationToken.None);
        host.AssertRan(ReadLines(host, "web").Concat(Attach).Concat(ReadLines(host, CapturedContainer.Id)).ToArray());
        Assert.Equal(("web", "eth1", HostSide, "br1", 1400), (eth1!.Container, eth1.Name, eth1.HostInterface, eth1.Bridge, eth1.Mtu));
        Assert.Equal(new[] { "10.200.66.10/24" }, eth1.Addresses);
    }

    [Fact]
    public async Task A_container_already_attached_so_changes_nothing()
    {
        var host = Attached(new ScriptedExecutor());
        var plan = ContainerNetworkPlanner.PlanConnect(await Read(host), OnBr1());
        Assert.True(plan.IsEmpty);
        Assert.Equal("eth1", (await plan.ApplyAsync(CancellationToken.None))!.Name);
        host.AssertRan(ReadLines(host, "web"));
    }

    [Fact]
    public async Task An_attached_container_only_gets_the_default_route_it_lacks()
    {
        const string route = "nsenter -t 4242 -n ip route replace default via 10.200.66.1 dev eth1";
        var host = Attached(new ScriptedExecutor()).Succeeds(route);
        Attached(host, CapturedContainer.Id);
        var plan = ContainerNetworkPlanner.PlanConnect(await Read(host), OnBr1("10.200.66.1"));
        Assert.Equal(new[] { route }, plan.Commands.Select(ScriptedExecutor.Line));
        await plan.ApplyAsync(CancellationToken.None);
        host.AssertRan(ReadLines(host, "web").Append(route).Concat(ReadLines(host, CapturedContainer.Id)).ToArray());
    }

    [Fact]
    public async Task Addresses_bridges_and_names_in_use_are_refused_before_any_change()
    {
        var host = Before(new ScriptedExecutor());
        var state = await Read(host);
        XHostException Refused(ContainerAttachSpec spec) => Assert.Throws<XHostException>(() => ContainerNetworkPlanner.PlanConnect(state, spec));
        Assert.Equal(ErrorIds.LinuxBridgeNotFound, Refused(new ContainerAttachSpec { Bridge = "br9", Address = InterfaceAddress.Parse("10.200.66.10/24") }).ErrorId);
        Assert.Equal(ErrorIds.InterfaceNotABridge, Refused(new ContainerAttachSpec { Bridge = "veth5f1c2a9", Address = InterfaceAddress.Parse("10.200.66.10/24") }).ErrorId);
        var inUse = Refused(new ContainerAttachSpec { Bridge = "br1", Address = InterfaceAddress.Parse("172.17.0.2/16") });
        Assert.Equal(ErrorIds.ContainerAddressInUse, inUse.ErrorId);
        Assert.Equal("Container 'web' already has 172.17.0.2/16 on eth0, attached to 'docker0', not on 'br1'. Nothing was changed.", inUse.Message);
        Assert.Equal(ErrorIds.ContainerAddressInUse, Refused(new ContainerAttachSpec { Bridge = "br1", Address = InterfaceAddress.Parse("172.17.0.2/24") }).ErrorId);
        Assert.Equal(ErrorIds.InterfaceNameInUse, Refused(new ContainerAttachSpec { Bridge = "br1", Address = InterfaceAddress.Parse("10.200.66.10/24"), InterfaceName = "eth0" }).ErrorId);
        Assert.Equal(ErrorIds.AddressIsNetwork, Refused(new ContainerAttachSpec { Bridge = "br1", Address = InterfaceAddress.Parse("10.200.66.0/24") }).ErrorId);
        Assert.Equal(ErrorIds.AddressIsBroadcast, Refused(new ContainerAttachSpec { Bridge = "br1", Address = InterfaceAddress.Parse("10.200.66.255/24") }).ErrorId);
        host.AssertRan(ReadLines(host, "web"));
    }

    [Fact]
    public async Task A_missing_container_is_said_with_the_engines_words()
    {
        var host = new ScriptedExecutor();
        host.On(InspectCommand(host, "nosuch"), exitCode: 1, stdout: "\n", stderr: "Error response from daemon: No such container: nosuch\n");
        var ex = await Assert.ThrowsAsync<XHostException>(() => ContainerState.ReadAsync(host.Session, "nosuch", CancellationToken.None));
        Assert.Equal(ErrorIds.ContainerNotFound, ex.ErrorId);
        Assert.Equal("There is no container 'nosuch' on host 'ssh:admin@h1:22' (Error response from daemon: No such container: nosuch).", ex.Message);
    }

    [Fact]
    public async Task An_attach_failing_inside_the_container_deletes_the_pair_again()
    {
        var host = Before(new ScriptedExecutor()).Succeeds(Attach.Take(5).ToArray())
            .On(Attach[5].Split(' '), exitCode: 2, stderr: CapturedHost.AddressAssigned)
            .Succeeds(Undo);
        var plan = ContainerNetworkPlanner.PlanConnect(await Read(host), OnBr1());
        var ex = await Assert.ThrowsAsync<XHostException>(() => plan.ApplyAsync(CancellationToken.None));
        host.AssertRan(ReadLines(host, "web").Concat(Attach.Take(6)).Append(Undo).ToArray());
        Assert.Equal(ErrorIds.HostChangeFailed, ex.ErrorId);
        Assert.Equal($"{Attach[5]} failed on host 'ssh:admin@h1:22' (exit 2): Error: ipv4: Address already assigned. " +
                     $"The change was undone on host 'ssh:admin@h1:22' ({Undo}).", ex.Message);
    }

    [Fact]
    public async Task Detaching_deletes_the_interface_inside_and_warns_about_dockers_own()
    {
        var host = Attached(new ScriptedExecutor()).Succeeds("nsenter -t 4242 -n ip link delete dev eth1");
        var state = await Read(host);
        var plan = ContainerNetworkPlanner.PlanDisconnect(state, null, InterfaceAddress.Parse("10.200.66.10/32"));
        Assert.Empty(plan.Warnings);
        await plan.ApplyAsync(CancellationToken.None);
        Assert.True(ContainerNetworkPlanner.PlanDisconnect(state, "eth7", null).IsEmpty);
        Assert.Contains("'eth0' in container 'web' was not made by Connect-ContainerNetwork", Assert.Single(ContainerNetworkPlanner.PlanDisconnect(state, "eth0", null).Warnings));
        host.AssertRan(ReadLines(host, "web").Append("nsenter -t 4242 -n ip link delete dev eth1").ToArray());
    }
}
