using System.Net;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using XHostNet.Docker;
using XHostNet.Execution;
using XHostNet.Linux;

namespace XHostNet.Tests.Docker;

/// <summary>The Docker core without an engine: subnet plans (property tests), flag and file parsing, the atomic write.</summary>
public class DockerCoreTests
{
    [FsCheck.Xunit.Property(MaxTest = 300)]
    public Property Planned_subnets_never_overlap_stay_inside_the_network_and_avoid_excluded_addresses(byte second, byte netBits, byte extraBits, byte hostCount, uint[] excludedRaw)
    {
        var networkPrefix = 8 + netBits % 17;                     // /8 … /24
        var prefix = Math.Min(30, networkPrefix + 1 + extraBits % 8); // a few to a few hundred subnets
        var network = new InterfaceAddress(IPAddress.Parse($"10.{second}.0.0"), networkPrefix).Network;
        var hosts = Enumerable.Range(0, 1 + hostCount % 12).Select(i => "h" + i).ToList();
        var excluded = (excludedRaw ?? Array.Empty<uint>()).Take(6)
            .Select(x => new InterfaceAddress(new IPAddress(BitConverter.GetBytes(x)), 32)).ToList();
        IReadOnlyList<ContainerSubnet> plan;
        try
        {
            plan = ContainerSubnetPlanner.Plan(network, prefix, hosts, SubnetUse.Bip, excluded);
        }
        catch (XHostException ex) when (ex.ErrorId == ErrorIds.SubnetPlanExhausted)
        {
            // Exhaustion is only allowed when there really is no room.
            var free = CountFree(network, prefix, excluded);
            return (free < hosts.Count).Label($"exhausted with {free} free subnets for {hosts.Count} hosts");
        }
        var subnets = plan.Select(p => InterfaceAddress.Parse(p.Subnet)).ToList();
        var disjoint = subnets.SelectMany((a, i) => subnets.Skip(i + 1).Select(b => !a.Overlaps(b))).All(x => x);
        var inside = subnets.All(s => network.Contains(s.Address) && s.PrefixLength == prefix && s.IsNetwork);
        var avoids = subnets.All(s => excluded.All(x => !s.Contains(x.Address)));
        var bipInside = plan.All(p => InterfaceAddress.Parse(p.Subnet).Contains(InterfaceAddress.Parse(p.Bip!).Address));
        var again = ContainerSubnetPlanner.Plan(network, prefix, hosts, SubnetUse.Bip, excluded).Select(p => p.Subnet);
        return (disjoint.Label("disjoint") .And(inside.Label("inside")).And(avoids.Label("avoids exclusions"))
            .And(bipInside.Label("bip inside")).And(again.SequenceEqual(plan.Select(p => p.Subnet)).Label("deterministic"))
            .And((plan.Count == hosts.Count).Label("one per host")));
    }

    private static int CountFree(InterfaceAddress network, int prefix, IReadOnlyList<InterfaceAddress> excluded)
    {
        var size = 1L << (32 - prefix);
        var start = BitConverter.ToUInt32(network.Address.GetAddressBytes().Reverse().ToArray(), 0);
        var count = 1L << (prefix - network.PrefixLength);
        var free = 0;
        for (long i = 0; i < count && free < 100; i++)
        {
            var s = new InterfaceAddress(new IPAddress(BitConverter.GetBytes((uint)(start + i * size)).Reverse().ToArray()), prefix);
            if (excluded.All(x => !s.Overlaps(x))) free++;
        }
        return free;
    }

    [Fact]
    public void Shared_lan_slices_skip_the_hosts_and_the_gateway()
    {
        var plan = ContainerSubnetPlanner.Plan(InterfaceAddress.Parse("172.16.32.0/24"), 26, new[] { "h1", "h2" }, SubnetUse.FixedCidr,
            new[] { InterfaceAddress.Parse("172.16.32.1/32"), InterfaceAddress.Parse("172.16.32.101/32"), InterfaceAddress.Parse("172.16.32.102/32") });
        Assert.Equal(new[] { "172.16.32.128/26", "172.16.32.192/26" }, plan.Select(p => p.FixedCidr));
        Assert.All(plan, p => Assert.Null(p.Bip));
        var flannel = ContainerSubnetPlanner.Plan(InterfaceAddress.Parse("10.201.0.0/16"), 24, new[] { "a", "b" }, SubnetUse.Bip,
            Array.Empty<InterfaceAddress>(), min: IPAddress.Parse("10.201.1.0"));
        Assert.Equal(new[] { "10.201.1.1/24", "10.201.2.1/24" }, flannel.Select(p => p.Bip));
        Assert.Equal(ErrorIds.SubnetPlanExhausted, Assert.Throws<XHostException>(() =>
            ContainerSubnetPlanner.Plan(InterfaceAddress.Parse("10.201.0.0/24"), 25, new[] { "a", "b", "c" }, SubnetUse.FixedCidr, Array.Empty<InterfaceAddress>())).ErrorId);
    }

    [Fact]
    public void Exclusions_take_prefixes_as_their_network_and_addresses_as_themselves_and_refuse_the_rest()
    {
        Assert.Equal(new[] { "10.246.10.0/24", "10.246.10.1/32", "fd00::/64", "fd00::7/128" },
            ContainerSubnetPlanner.ParseExclusions(new[] { "10.246.10.7/24", "10.246.10.1", "fd00::1/64", "fd00::7" }).Select(x => x.ToString()));
        Assert.Empty(ContainerSubnetPlanner.ParseExclusions(null));
        foreach (var bad in new[] { "10.246.010.0/24", "10.246.2562", "gateway", "10.246.10.0/33" })
        {
            var ex = Assert.Throws<XHostException>(() => ContainerSubnetPlanner.ParseExclusions(new[] { "10.246.10.1", bad }));
            Assert.Equal((XHostErrorKind.InvalidArgument, ErrorIds.ExclusionInvalid), (ex.Kind, ex.ErrorId));
            Assert.Equal($"-Exclude '{bad}' is not an address or a CIDR prefix.", ex.Message);
        }
    }

    [Fact]
    public void Flag_parsing_takes_every_spelling_and_replaces_only_the_named_settings()
    {
        var words = DockerFlags.Fields("-b=br0 --fixed-cidr 172.16.32.64/26 --log-level warn --mtu=1450 -H unix:///run/d.sock");
        var settings = DockerFlags.Parse(words, "test");
        Assert.Equal(new[] { "bridge=br0", "fixed-cidr=172.16.32.64/26", "mtu=1450" }, settings.Select(s => $"{s.Name}={s.Value}"));
        var replaced = DockerFlags.Replace(words, new Dictionary<string, string?> { ["fixed-cidr"] = "172.16.32.128/26", ["mtu"] = null, ["bip"] = "10.9.0.1/24" });
        Assert.Equal(new[] { "-b=br0", "--fixed-cidr=172.16.32.128/26", "--log-level", "warn", "-H", "unix:///run/d.sock", "--bip=10.9.0.1/24" }, replaced);
        Assert.Equal(new[] { "bridge=br0", "fixed-cidr=172.16.32.64/26" },
            DockerBridgeReader.SysconfigSettings("# comment\nOPTIONS='-b=br0 --fixed-cidr=172.16.32.64/26 --selinux-enabled'\nDOCKER_CERT_PATH=/etc/docker\n", "/etc/sysconfig/docker")
                .Select(s => $"{s.Name}={s.Value}"));
    }

    [Fact]
    public void A_sysconfig_file_gets_only_its_options_line_rewritten()
    {
        var text = "# options\nOPTIONS=\"-b=br0 --selinux-enabled\"\nOTHER=1\n";
        var words = DockerFlags.Replace(SysconfigOptions.Find(text, "x")!.Words, new Dictionary<string, string?> { ["bridge"] = "br1" });
        Assert.Equal("# options\nOPTIONS='-b=br1 --selinux-enabled'\nOTHER=1\n", SysconfigOptions.Rewrite(text, "x", words));
        Assert.Equal("OPTIONS=--mtu=1450\n", SysconfigOptions.Rewrite("", "x", new[] { "--mtu=1450" }));
        Assert.True(DockerBridgeReader.IsSysconfig("/etc/sysconfig/docker", null));
        Assert.False(DockerBridgeReader.IsSysconfig("/etc/docker/daemon.json", "OPTIONS=x"));
    }

    [Fact]
    public void A_flannel_lease_parses_and_bad_ones_say_what_is_wrong()
    {
        var lease = FlannelSubnetReader.Parse("FLANNEL_NETWORK=10.1.0.0/16\nFLANNEL_SUBNET=10.1.15.1/24\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=true\n", "/run/flannel/subnet.env");
        Assert.Equal(("10.1.0.0/16", "10.1.15.1/24", "10.1.15.0/24", 1450, true), (lease.Network, lease.Bip, lease.Subnet, lease.Mtu!.Value, lease.IpMasq!.Value));
        Assert.Contains("FLANNEL_SUBNET", Assert.Throws<FormatException>(() => FlannelSubnetReader.Parse("FLANNEL_MTU=1450\n", "x")).Message);
        Assert.Contains("FLANNEL_MTU", Assert.Throws<FormatException>(() => FlannelSubnetReader.Parse("FLANNEL_SUBNET=10.1.15.1/24\nFLANNEL_MTU=big\n", "x")).Message);
    }

    [Fact]
    public void Daemon_json_keeps_other_keys_and_settings_from_two_places_are_a_conflict()
    {
        var config = JsonNode.Parse("{\"log-level\":\"warn\",\"bridge\":\"br0\",\"mtu\":1450,\"default-address-pools\":[{\"base\":\"10.201.0.0/16\",\"size\":24}]}")!.AsObject();
        var settings = DockerBridgeReader.FileSettings(config, "/etc/docker/daemon.json");
        Assert.Equal(new[] { "bridge=br0", "mtu=1450", "default-address-pools=base=10.201.0.0/16,size=24" }, settings.Select(s => $"{s.Name}={s.Value}"));
        var conflicts = DockerBridgeRules.Conflicts(settings.Concat(new[] { new DockerSetting("mtu", "1400", "dockerd command line"), new DockerSetting("bip", "10.1.1.1/24", "x") }).ToList()).ToList();
        Assert.Equal(2, conflicts.Count);
        Assert.Contains(conflicts, c => c.Contains("'mtu' is set in more than one place"));
        Assert.Contains(conflicts, c => c.Contains("'bridge' and 'bip'"));
        // dockerd reads JSON strictly; so does XHostNet, rather than drop comments when it rewrites the file.
        Assert.Equal(ErrorIds.DockerConfigUnparsable, Assert.Throws<XHostException>(() =>
            DockerBridgeReader.ParseConfig("{ // comment\n \"mtu\": 1450 }", "/etc/docker/daemon.json", new XHostNet.Sessions.XHostSession())).ErrorId);
    }

    [Fact]
    public async Task The_atomic_write_replaces_the_file_keeping_its_mode()
    {
        var path = Path.Combine(Path.GetTempPath(), "xhn-write-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, "old");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            var content = "{\n  \"labels\": [\"it's \\\"quoted\\\" $HOME `x`\"]\n}\n";
            var result = await ProcessExecutor.Local().RunAsync(HostFile.WriteAtomically(path, content).ToHostCommand(), CancellationToken.None);
            Assert.True(result.Succeeded, result.StandardError);
            Assert.Equal(content, File.ReadAllText(path));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "." + Path.GetFileName(path) + ".xhostnet-*"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
