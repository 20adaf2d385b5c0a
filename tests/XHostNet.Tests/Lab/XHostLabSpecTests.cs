using XHostNet.Lab;
using XHostNet.Linux;

namespace XHostNet.Tests.Lab;

/// <summary>New-XHostLab's checks, in the core: each refusal with its id, before anything is made (no root needed).</summary>
public sealed class XHostLabSpecTests
{
    private static XHostLabSpec Spec(int hosts, string network = "10.201.0.0/24") =>
        new() { Name = "xlspec", HostCount = hosts, Network = InterfaceAddress.Parse(network) };

    private static XHostException Refused(XHostLabSpec spec, string id)
    {
        var ex = Assert.Throws<XHostException>(spec.Validate);
        Assert.Equal((XHostErrorKind.InvalidArgument, id), (ex.Kind, ex.ErrorId));
        return ex;
    }

    [Fact]
    public void The_old_int_arithmetic_wrapped_on_IPv6_which_is_why_96_and_wider_are_now_refused()
    {
        // What New-XHostLab computed before: 1 << (128 - prefix) in an int, whose shift count C# takes mod 32.
        static int OldRoom(int prefix) => 1 << (128 - prefix);
        Assert.Equal(1, OldRoom(64));       // fd00::/64 "has no room for 2 hosts"
        Assert.Equal(1, OldRoom(96));       // so was fd00::/96
        Assert.Equal(65536, OldRoom(80));   // fd00::/80 passed: a 2^48 network counted as 65536 addresses
        Assert.True(OldRoom(97) < 0);       // fd00::/97, 2^31 addresses, wrapped negative: refused as too small

        foreach (var wide in new[] { "fd00::/64", "fd00::/80", "fd00::/96", "fd00::/8" })
        {
            var ex = Refused(Spec(2, wide), ErrorIds.LabNetworkTooLarge);
            Assert.Contains(wide, ex.Message);
            Assert.Contains("/96", ex.Message);
        }
        Spec(16, "fd00::/97").Validate();   // counted right now: room for 16 hosts
        Spec(2, "fd00::/124").Validate();
        Refused(Spec(3, "fd00::/126"), ErrorIds.LabNetworkTooSmall); // 4 addresses: the network's, 2 hosts, the last
        Spec(2, "fd00::/126").Validate();
    }

    [Fact]
    public void IPv4_networks_are_counted_in_full()
    {
        Spec(16).Validate();
        Spec(14, "10.201.0.0/28").Validate();
        Assert.Contains("10.201.0.0/28 has no room for 15 hosts", Refused(Spec(15, "10.201.0.0/28"), ErrorIds.LabNetworkTooSmall).Message);
        Refused(Spec(1, "10.201.0.0/31"), ErrorIds.LabNetworkTooSmall);
        // Before, 1 << 32 was 1 and 1 << 31 negative: the widest networks were refused as too small.
        Spec(2, "128.0.0.0/1").Validate();
    }

    [Fact]
    public void Container_subnets_and_docker_arguments_are_checked_in_the_order_the_cmdlet_had()
    {
        var spec = Spec(2);
        spec.ContainerSubnets = new[] { InterfaceAddress.Parse("10.201.1.0/24") };
        Assert.Contains("one subnet per host: 2, not 1", Refused(spec, ErrorIds.LabContainerSubnetCount).Message);
        spec.ContainerSubnets = new[] { InterfaceAddress.Parse("10.201.1.0/24"), InterfaceAddress.Parse("10.201.2.0/31") };
        Assert.Contains("10.201.2.0/31", Refused(spec, ErrorIds.LabContainerSubnetInvalid).Message);
        spec.ContainerSubnets = new[] { InterfaceAddress.Parse("10.201.1.0/24"), InterfaceAddress.Parse("fd01::/64") };
        Refused(spec, ErrorIds.LabContainerSubnetInvalid);
        spec.ContainerSubnets = new[] { InterfaceAddress.Parse("10.201.1.0/30"), InterfaceAddress.Parse("10.201.2.0/24") };
        spec.DockerArguments = new[] { "--mtu=1400" };
        Refused(spec, ErrorIds.LabDockerArgumentWithoutDocker);
        spec.Docker = true;
        spec.Validate();
    }

    [Fact]
    public void The_state_carries_the_spec_and_a_refused_spec_makes_none()
    {
        var spec = Spec(2);
        spec.Ovs = spec.Docker = true;
        spec.DockerArguments = new[] { "--mtu=1400" };
        spec.ContainerSubnets = new[] { InterfaceAddress.Parse("10.201.1.0/24"), InterfaceAddress.Parse("10.201.2.0/24") };
        spec.ContainerMtu = 1450;
        var state = spec.ToState();
        Assert.Equal(("xlspec", XHostLabBuilder.ClaimPath("xlspec"), 2, "10.201.0.0/24", true, true, false, 1450),
            (state.Name, state.Directory, state.HostCount, state.Network, state.Ovs, state.Docker, state.Ssh, state.ContainerMtu));
        Assert.Equal(new[] { "--mtu=1400" }, state.DockerArguments);
        Assert.Equal(new[] { "10.201.1.0/24", "10.201.2.0/24" }, state.ContainerSubnets);
        Assert.Equal("10.201.0.2/24", state.HostAddress(2));

        spec.Directory = "/tmp/elsewhere";
        Assert.Equal("/tmp/elsewhere", spec.ToState().Directory);
        spec.Network = InterfaceAddress.Parse("fd00::/64");
        Assert.Throws<XHostException>(spec.ToState);
    }

    [Fact]
    public void A_management_network_is_IPv4_with_a_slash_30_per_host_apart_from_the_lab_and_recorded()
    {
        var spec = Spec(4);
        Assert.Equal("10.206.0.0/16", spec.ToState().ManagementNetwork); // not given: the default, recorded too
        spec.ManagementNetwork = InterfaceAddress.Parse("10.206.64.0/28");
        Assert.Contains("needs -Ssh", Refused(spec, ErrorIds.LabManagementNetworkWithoutSsh).Message);
        spec.Ssh = true;
        Assert.Equal("10.206.64.0/28", spec.ToState().ManagementNetwork); // 4 hosts, 4 /30s
        spec.HostCount = 5;
        Assert.Contains("needs a /27 or larger", Refused(spec, ErrorIds.LabManagementNetworkTooSmall).Message);
        spec.ManagementNetwork = InterfaceAddress.Parse("10.206.64.0/31");
        Refused(spec, ErrorIds.LabManagementNetworkTooSmall);
        spec.ManagementNetwork = InterfaceAddress.Parse("fd06::/64");
        Assert.Contains("must be IPv4", Refused(spec, ErrorIds.LabManagementNetworkNotIPv4).Message);
        spec.ManagementNetwork = InterfaceAddress.Parse("10.0.0.0/8"); // holds the underlay 10.201.0.0/24
        Assert.Contains("overlaps the lab's underlay 10.201.0.0/24", Refused(spec, ErrorIds.LabManagementNetworkOverlap).Message);
        spec.ManagementNetwork = InterfaceAddress.Parse("10.201.2.0/24");
        spec.HostCount = 2;
        spec.ContainerSubnets = new[] { InterfaceAddress.Parse("10.201.1.0/24"), InterfaceAddress.Parse("10.201.2.0/25") };
        Assert.Contains("container subnet 10.201.2.0/25", Refused(spec, ErrorIds.LabManagementNetworkOverlap).Message);
        spec.ManagementNetwork = InterfaceAddress.Parse("10.201.3.0/24");
        Assert.Equal("10.201.3.0/24", spec.ToState().ManagementNetwork);
    }

    [Fact]
    public void Etcd_takes_the_underlays_last_usable_address_and_one_more_management_link()
    {
        var spec = Spec(2, "10.201.0.0/30"); // the network, 2 hosts, the broadcast address: no room for the switch's
        spec.Validate();
        spec.EtcdTls = true; // implies -Etcd
        Assert.Contains("etcd server's address", Refused(spec, ErrorIds.LabNetworkTooSmall).Message);
        spec.Network = InterfaceAddress.Parse("10.201.0.0/29");
        var state = spec.ToState();
        Assert.Equal((true, true), (state.Etcd, state.EtcdTls));
        Assert.Equal("10.201.0.6/29", state.EtcdUnderlayAddress().ToString());
        state.EtcdAddress = "10.206.3.2";
        Assert.Equal(("https://10.206.3.2:2379", "https://10.201.0.6:2379"), (state.EtcdEndpoint, state.EtcdUnderlayEndpoint));
        Assert.Equal(state.Directory + "/etcd/client.key", state.EtcdKey);
        Assert.Equal("http://[fd00::fe]:2379", new XHostLabState { Network = "fd00::/120", Etcd = true }.EtcdUnderlayEndpoint);
        Assert.Equal("", Spec(2).ToState().EtcdEndpoint + Spec(2).ToState().EtcdCa);

        // The management network holds a /30 for etcd, with or without -Ssh; with it, one per host besides.
        spec.ManagementNetwork = InterfaceAddress.Parse("10.206.64.0/30");
        spec.Validate();
        spec.Ssh = true;
        Assert.Contains("no room for 3 management links", Refused(spec, ErrorIds.LabManagementNetworkTooSmall).Message);
        spec.ManagementNetwork = InterfaceAddress.Parse("10.206.64.0/28");
        spec.Validate();
    }
}
