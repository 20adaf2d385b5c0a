using System.Text.Json;
using System.Text.Json.Nodes;
using XHostNet.Docker;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Commands;

/// <summary>The Docker cmdlets against real Docker engines (one dockerd per simulated host), checked through the engine's own view.</summary>
public sealed class DockerScenarioTests : IDisposable
{
    private readonly PowerShellRunner _ps = new();
    private DockerHosts? _hosts;

    private DockerHosts Hosts(params string[] dockerdFlags)
    {
        _hosts = new DockerHosts(dockerdFlags);
        Assert.Empty(_ps.Run(_hosts.SessionsScript).Errors);
        return _hosts;
    }

    [RootFact]
    public void Shared_lan_recipe_gives_each_host_its_slice_and_containers_reach_each_other()
    {
        var hosts = Hosts();
        _ps.Set("runbook", Path.Combine(Repo.RootDir, "tests", "scenarios", "docker-shared-lan.ps1"));
        _ps.Set("configs", new[] { hosts.Config(1), hosts.Config(2) });
        _ps.Set("nics", new[] { hosts.Lan(1), hosts.Lan(2) });
        var result = _ps.Run("& $runbook -Hosts $h -HostAddress 10.201.0.1/24, 10.201.0.2/24 -Nic $nics -ConfigPath $configs -Exclude 10.201.0.254");
        Assert.Empty(result.Errors);
        var plan = result.Output.Select(o => o.BaseObject).OfType<ContainerSubnet>().ToList();
        Assert.Equal(new[] { "10.201.0.64/26", "10.201.0.128/26" }, plan.Select(p => p.FixedCidr));

        foreach (var n in new[] { 1, 2 })
        {
            // The engine's view: bridge br0, addresses handed out from the host's slice only.
            var network = hosts.BridgeNetwork(n);
            Assert.Equal("br0", network.GetProperty("Options").GetProperty("com.docker.network.bridge.name").GetString());
            Assert.Equal(plan[n - 1].FixedCidr, network.GetProperty("IPAM").GetProperty("Config")[0].GetProperty("IPRange").GetString());
            var config = JsonNode.Parse(File.ReadAllText(hosts.Config(n)))!.AsObject();
            Assert.Equal(("br0", plan[n - 1].FixedCidr), (config["bridge"]!.GetValue<string>(), config["fixed-cidr"]!.GetValue<string>()));
            Assert.Equal(hosts.Endpoint(n), config["hosts"]![0]!.GetValue<string>()); // the other keys are kept
        }
        var c2 = hosts.ContainerAddress(2, "lan-c1");
        Assert.StartsWith("10.201.0.1", c2); // .128/26
        Assert.Equal(0, hosts.Docker(1, "exec", "lan-c0", "ping", "-c", "3", "-W", "2", c2).ExitCode);

        // Test-ContainerReachability from a container, through the engine (BusyBox's ping), to the other host's container:
        // its own address is left out, the peer is reached; with -DontFragment the host's ping runs in its namespace.
        hosts.DockerOk(2, "exec", "-d", "lan-c1", "httpd", "-p", "8080");
        var reach = _ps.Run("Test-ContainerReachability -Container lan-c0 -Session $h[0] -TargetContainer lan-c0, lan-c1 -TargetSession $h -TcpPort 8080")
            .Single<XHostNet.Reachability.ReachabilityResult>();
        Assert.Equal(("lan-c0", $"lan-c1 ({c2})", true, 3, "container", true), (reach.Source, reach.Target, reach.Success, reach.Received, reach.Method, reach.TcpOpen!.Value));
        Assert.NotNull(reach.RttAvgMs);
        Assert.Equal("eth0", reach.Interface);
        var df = _ps.Run($"Test-ContainerReachability {c2} -Container lan-c0 -Session $h[0] -DontFragment -Size 1472 -TcpPort 8081 -TimeoutSeconds 1")
            .Single<XHostNet.Reachability.ReachabilityResult>();
        Assert.Equal(("nsenter", 3, false, false), (df.Method, df.Received, df.TcpOpen!.Value, df.Success)); // nothing listens on 8081

        // Running it again changes nothing on the hosts (the containers exist, so only the network steps are repeated).
        var again = _ps.Run("foreach ($i in 0, 1) { Set-DockerBridge -PassThru -Bridge br0 -FixedCidr ('10.201.0.64/26', '10.201.0.128/26')[$i] -Restart -ConfigPath $configs[$i] -Session $h[$i] -Verbose -Confirm:$false }");
        Assert.Empty(again.Errors);
        Assert.Equal(2, again.Verbose.Count(v => v.Contains("nothing to change")));

        Assert.Empty(_ps.Run("& $runbook -Hosts $h -HostAddress 10.201.0.1/24, 10.201.0.2/24 -Nic $nics -ConfigPath $configs -Remove").Errors);
        Assert.Equal("none", JsonNode.Parse(File.ReadAllText(hosts.Config(1)))!["bridge"]!.GetValue<string>());
        Assert.Null(Sh.Link(hosts.Host(1), "br0"));
    }

    [RootFact]
    public void A_flannel_lease_sets_bip_and_mtu_on_docker0()
    {
        var hosts = Hosts();
        var lease = Path.Combine(hosts.HostDir(1), "subnet.env");
        File.WriteAllText(lease, "FLANNEL_NETWORK=10.201.0.0/16\nFLANNEL_SUBNET=10.201.77.1/24\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=false\n");
        _ps.Set("lease", lease);
        _ps.Set("config", hosts.Config(1));
        var result = _ps.Run("Get-FlannelSubnet -Path $lease -Session $h[0] | Set-DockerBridge -PassThru -Clear bridge -ConfigPath $config -Restart -Confirm:$false");
        Assert.Empty(result.Errors);
        var bridge = result.Single<DockerBridge>();
        Assert.Equal(("10.201.77.1/24", 1450, "docker0"), (bridge.Bip, bridge.Mtu, bridge.EffectiveBridge));
        var network = hosts.BridgeNetwork(1);
        var ipam = network.GetProperty("IPAM").GetProperty("Config")[0];
        Assert.Equal(("10.201.77.0/24", "10.201.77.1"), (ipam.GetProperty("Subnet").GetString(), ipam.GetProperty("Gateway").GetString()));
        Assert.Equal("1450", network.GetProperty("Options").GetProperty("com.docker.network.driver.mtu").GetString());
    }

    [RootFact]
    public void A_change_dockerd_will_not_start_with_is_rolled_back_and_dockerd_runs_again()
    {
        var hosts = Hosts();
        _ps.Set("config", hosts.Config(1));
        var before = File.ReadAllText(hosts.Config(1));
        // The next start also gets --mtu as a flag (the lab's sysconfig OPTIONS): with mtu in daemon.json too, dockerd refuses to start.
        File.WriteAllText(Path.Combine(hosts.HostDir(1), "sysconfig"), "OPTIONS=--mtu=1400\n");
        var result = _ps.Run("Set-DockerBridge -PassThru -Mtu 1450 -ConfigPath $config -Restart -WaitSeconds 10 -Session $h[0] -Confirm:$false");
        Assert.Equal(ErrorIds.DockerRestartFailed, result.ErrorId());
        Assert.Contains("was undone", result.Errors[0].Exception.Message);
        Assert.Equal(before, File.ReadAllText(hosts.Config(1)));
        Assert.Equal(0, hosts.Docker(1, "version").ExitCode);
        Assert.NotEmpty(Directory.GetFiles(hosts.HostDir(1), "daemon.json.xhostnet-*")); // the backup stays for the admin
    }

    [RootFact]
    public void Unrelated_daemon_json_keys_keep_their_values_and_an_unparsable_file_is_refused_untouched()
    {
        var hosts = Hosts();
        var config = JsonNode.Parse(File.ReadAllText(hosts.Config(1)))!.AsObject();
        config["log-level"] = "warn";
        config["labels"] = new JsonArray("team=net", "zone=ä");
        config["max-concurrent-downloads"] = 3;
        File.WriteAllText(hosts.Config(1), config.ToJsonString());
        _ps.Set("config", hosts.Config(1));
        var set = _ps.Run("New-LinuxBridge br7 -Address 10.201.7.1/24 -Session $h[0] | Set-DockerBridge -FixedCidr 10.201.7.128/25 -ConfigPath $config -Confirm:$false -WarningAction SilentlyContinue");
        Assert.Empty(set.Errors);
        Assert.Empty(set.Output); // without -PassThru
        var after = JsonNode.Parse(File.ReadAllText(hosts.Config(1)))!.AsObject();
        foreach (var key in config.Select(k => k.Key).Where(k => k != "bridge"))
            Assert.True(JsonNode.DeepEquals(config[key], after[key]), key);
        Assert.Equal(("br7", "10.201.7.128/25"), (after["bridge"]!.GetValue<string>(), after["fixed-cidr"]!.GetValue<string>()));
        Assert.Equal(1500, after["mtu"]!.GetValue<int>()); // a piped bridge gives its MTU too: containers match the bridge

        File.WriteAllText(hosts.Config(1), "{ \"bridge\": \"br0\", ");
        Assert.Equal(ErrorIds.DockerConfigUnparsable, _ps.Run("Set-DockerBridge -Mtu 1400 -ConfigPath $config -Session $h[0] -Confirm:$false").ErrorId());
        Assert.Equal("{ \"bridge\": \"br0\", ", File.ReadAllText(hosts.Config(1)));
    }

    [RootFact]
    public void Without_ConfigPath_the_file_the_sessions_dockerd_reads_is_edited_and_never_the_machines()
    {
        var hosts = Hosts();
        var machine = DockerBridgeReader.DefaultConfigPath; // this machine's own dockerd file
        var before = File.Exists(machine) ? File.ReadAllBytes(machine) : null;
        var whatIf = _ps.Run("Set-DockerBridge -PassThru -Mtu 1400 -Restart -Session $h[0] -WhatIf");
        Assert.Empty(whatIf.Errors);
        Assert.Contains(hosts.Config(1), whatIf.HostText);
        Assert.DoesNotContain(machine, whatIf.HostText);

        var result = _ps.Run("Set-DockerBridge -PassThru -Mtu 1400 -Restart -Session $h[0] -Confirm:$false");
        Assert.Empty(result.Errors);
        Assert.Equal(hosts.Config(1), result.Single<DockerBridge>().ConfigPath);
        Assert.Equal(1400, JsonNode.Parse(File.ReadAllText(hosts.Config(1)))!["mtu"]!.GetValue<int>());
        Assert.Equal(before, File.Exists(machine) ? File.ReadAllBytes(machine) : null);
        Assert.Equal(hosts.Config(1), _ps.Run("Get-DockerBridge -Session $h[0]").Single<DockerBridge>().ConfigPath);

        // A daemon.json the running dockerd does not read is refused, untouched; so is a session whose dockerd cannot be told.
        var other = Path.Combine(hosts.HostDir(1), "other.json");
        File.WriteAllText(other, "{}");
        _ps.Set("other", other);
        Assert.Equal(ErrorIds.DockerConfigNotInUse, _ps.Run("Set-DockerBridge -Mtu 1300 -ConfigPath $other -Session $h[0] -Confirm:$false").ErrorId());
        Assert.Equal("{}", File.ReadAllText(other));
        Assert.Equal(ErrorIds.DockerConfigPathUnknown,
            _ps.Run("Set-DockerBridge -Mtu 1300 -Session (New-XHostSession -NetworkNamespace $h[0].NetworkNamespace -DockerHost unix:///nonexistent/docker.sock) -Confirm:$false").ErrorId());
        Assert.Equal(before, File.Exists(machine) ? File.ReadAllBytes(machine) : null);
    }

    [Theory]
    [InlineData("-Mtu 1400 -ConfigPath \"/tmp/a`0b.json\"", "ParameterArgumentValidationError")]
    [InlineData("-Mtu 1400 -ConfigPath \"/tmp/a.json`n\"", "ParameterArgumentValidationError")]
    [InlineData("-Bip 224.0.0.1/24", ErrorIds.DockerAddressNotUsable)]
    [InlineData("-Bip 127.0.0.1/8", ErrorIds.DockerAddressNotUsable)]
    [InlineData("-FixedCidr 0.0.0.0/0", ErrorIds.DockerAddressNotUsable)]
    [InlineData("-DefaultAddressPool 'base=10.210.0.0/99,size=999'", ErrorIds.DockerAddressPoolInvalid)]
    public void Bad_values_are_refused_before_any_host_is_read(string arguments, string errorId)
    {
        // -WhatIf: were the value let through, nothing would be written anyway.
        var result = _ps.Run($"Set-DockerBridge -PassThru {arguments} -WhatIf");
        Assert.Equal(errorId, result.ErrorId());
    }

    [RootFact]
    public void Refused_up_front_what_dockerd_would_refuse()
    {
        var hosts = Hosts("--mtu=1400");
        _ps.Set("config", hosts.Config(1));
        var flagAndFile = _ps.Run("Set-DockerBridge -PassThru -Mtu 1450 -ConfigPath $config -Session $h[0] -Confirm:$false");
        Assert.Equal(ErrorIds.DockerSettingsConflict, flagAndFile.ErrorId());
        Assert.Contains("dockerd command line", flagAndFile.Errors[0].Exception.Message);
        Assert.Contains(_ps.Run("Get-DockerBridge -ConfigPath $config -Session $h[0]").Single<DockerBridge>().Settings, s => s.Name == "mtu" && s.Value == "1400");

        Assert.Equal(ErrorIds.DockerSettingsConflict, _ps.Run("Set-DockerBridge -Bridge br0 -Bip 10.201.8.1/24 -ConfigPath $config -Session $h[0] -Confirm:$false").ErrorId());
        _ps.Run("New-LinuxBridge br9 -Address 10.201.9.1/24 -Session $h[0] | Out-Null");
        Assert.Equal(ErrorIds.FixedCidrOutsideBridge, _ps.Run("Set-DockerBridge -Bridge br9 -FixedCidr 10.201.10.0/26 -ConfigPath $config -Session $h[0] -Confirm:$false").ErrorId());
        Assert.Equal(ErrorIds.DockerBridgeNotFound, _ps.Run("Set-DockerBridge -Bridge nosuch -ConfigPath $config -Session $h[0] -Confirm:$false").ErrorId());
        Assert.Equal(ErrorIds.FixedCidrWithoutBridge, _ps.Run("Set-DockerBridge -FixedCidr 10.201.10.0/26 -ConfigPath $config -Session $h[0] -Confirm:$false").ErrorId()); // bridge is none
        Assert.DoesNotContain("fixed-cidr", File.ReadAllText(hosts.Config(1)));
    }

    [RootFact]
    public void A_host_that_keeps_its_flags_in_sysconfig_gets_them_edited_there()
    {
        var hosts = Hosts();
        // RHEL style: the bridge setting lives in OPTIONS, not in daemon.json.
        var config = JsonNode.Parse(File.ReadAllText(hosts.Config(1)))!.AsObject();
        config.Remove("bridge");
        File.WriteAllText(hosts.Config(1), config.ToJsonString());
        var sysconfig = Path.Combine(hosts.HostDir(1), "sysconfig");
        File.WriteAllText(sysconfig, "# Docker options\nOPTIONS='--bridge=none --log-level=warn' # set by ops\nDOCKER_CERT_PATH=/etc/docker\n");
        hosts.Restart(1);
        _ps.Set("sysconfig", sysconfig);
        var seen = _ps.Run("Get-DockerBridge -ConfigPath $sysconfig -Session $h[0]").Single<DockerBridge>();
        Assert.Equal(("none", sysconfig + " OPTIONS"), (seen.Bridge, seen.Setting("bridge")!.Source));
        Assert.Empty(seen.Conflicts); // the running dockerd's --bridge=none is the same setting, not a second place

        var result = _ps.Run("New-LinuxBridge br0 -Address 10.201.40.1/24 -Session $h[0] | Set-DockerBridge -PassThru -FixedCidr 10.201.40.64/26 -ConfigPath $sysconfig -Restart -Confirm:$false");
        Assert.Empty(result.Errors);
        Assert.Equal(("br0", "10.201.40.64/26"), (result.Single<DockerBridge>().EffectiveBridge, result.Single<DockerBridge>().EffectiveIpRange));
        // Only the changed flags: --bridge in its place, the new ones appended; the comment and the other lines stay.
        Assert.Equal("# Docker options\nOPTIONS='--bridge=br0 --log-level=warn --fixed-cidr=10.201.40.64/26 --mtu=1500' # set by ops\nDOCKER_CERT_PATH=/etc/docker\n", File.ReadAllText(sysconfig));
        Assert.DoesNotContain("fixed-cidr", File.ReadAllText(hosts.Config(1)));
    }

    [RootFact]
    public void Connect_gives_a_running_container_a_second_interface_reachable_from_another_container()
    {
        var hosts = Hosts();
        _ps.Set("config", hosts.Config(1));
        Assert.Empty(_ps.Run("New-LinuxBridge br0 -Address 10.201.20.1/24 -Session $h[0] | Set-DockerBridge -FixedCidr 10.201.20.64/26 -ConfigPath $config -Restart -Confirm:$false").Errors);
        hosts.DockerOk(1, "run", "-d", "--name", "w1", "local/busybox:1", "sleep", "3600");
        hosts.DockerOk(1, "run", "-d", "--name", "w2", "local/busybox:1", "sleep", "3600");
        _ps.Run("New-LinuxBridge weave -Address 10.201.30.1/24 -Session $h[0] | Out-Null");

        var attached = _ps.Run("Connect-ContainerNetwork -PassThru w1 10.201.30.11/24 -Bridge weave -Session $h[0]; Connect-ContainerNetwork -PassThru w2 10.201.30.12/24 -Bridge weave -Session $h[0]");
        Assert.Empty(attached.Errors);
        Assert.Equal(2, attached.Output.Count);
        var w1 = attached.All<ContainerInterface>().First();
        Assert.Equal(("eth1", "weave"), (w1.Name, w1.Bridge));
        Assert.Equal(new[] { "10.201.30.11/24" }, w1.Addresses);
        Assert.Equal("weave", Sh.Link(hosts.Host(1), w1.HostInterface!)!.Value.GetProperty("master").GetString());
        Assert.Contains("10.201.30.11/24", hosts.DockerOk(1, "exec", "w1", "ip", "-o", "addr", "show", "dev", "eth1"));
        Assert.Equal(0, hosts.Docker(1, "exec", "w2", "ping", "-c", "2", "-W", "2", "10.201.30.11").ExitCode);

        Assert.Contains(_ps.Run("Connect-ContainerNetwork w1 10.201.30.11/24 -Bridge weave -Session $h[0] -Verbose").Verbose, v => v.Contains("nothing to change"));
        Assert.Equal(new[] { "eth0", "eth1" }, _ps.Run("Get-ContainerNetwork w1 -Session $h[0]").All<ContainerInterface>().Select(i => i.Name));
        Assert.Equal(ErrorIds.ContainerAddressInUse, _ps.Run("Connect-ContainerNetwork w1 10.201.30.11/24 -Bridge br0 -Session $h[0]").ErrorId());
        Assert.Equal(ErrorIds.ContainerNotFound, _ps.Run("Connect-ContainerNetwork nosuch 10.201.30.13/24 -Bridge weave -Session $h[0]").ErrorId());

        // Asked again with a gateway: only the default route is left to do.
        var gateway = _ps.Run("Connect-ContainerNetwork w1 10.201.30.11/24 -Bridge weave -Gateway 10.201.30.1 -Session $h[0]");
        Assert.Empty(gateway.Errors);
        Assert.Empty(gateway.Output); // without -PassThru
        Assert.Contains("default via 10.201.30.1 dev eth1", hosts.DockerOk(1, "exec", "w1", "ip", "route"));
        hosts.DockerOk(1, "run", "-d", "--name", "hostnet", "--network", "host", "local/busybox:1", "sleep", "3600");
        Assert.Equal(ErrorIds.ContainerUsesHostNetwork, _ps.Run("Connect-ContainerNetwork hostnet 10.201.30.13/24 -Bridge weave -Session $h[0]").ErrorId());

        // By address, whatever prefix length is given.
        Assert.Empty(_ps.Run("Disconnect-ContainerNetwork w1 -Address 10.201.30.11/16 -Session $h[0] -Confirm:$false").Errors);
        Assert.Equal(new[] { "eth0" }, _ps.Run("Get-ContainerNetwork w1 -Session $h[0]").All<ContainerInterface>().Select(i => i.Name));
        Assert.Null(Sh.Link(hosts.Host(1), w1.HostInterface!));
    }

    public void Dispose()
    {
        _ps.Dispose();
        _hosts?.Dispose();
    }
}
