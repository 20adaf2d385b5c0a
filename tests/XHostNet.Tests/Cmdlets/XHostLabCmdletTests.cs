using XHostNet.Sessions;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Cmdlets;

/// <summary>New-XHostLab and Remove-XHostLab on this machine: real namespaces, Open vSwitch and dockerd, and nothing left after.</summary>
public sealed class XHostLabCmdletTests : IDisposable
{
    private readonly PowerShellRunner _ps = new();
    private readonly string _name = "xq" + Guid.NewGuid().ToString("N")[..6];

    private string[] Leftovers() =>
        Sh.Ok("ip", "netns", "list").Split('\n').Where(l => l.StartsWith(_name)).ToArray();

    [RootFact]
    public void A_lab_with_ovs_and_docker_carries_the_gre_recipe_and_goes_away_completely()
    {
        var made = _ps.Run($"New-XHostLab 2 -Name {_name} -Ovs -Docker");
        Assert.Empty(made.Errors);
        var hosts = made.All<XHostSession>().ToList();
        Assert.Equal(new[] { $"netns:{_name}-h1", $"netns:{_name}-h2" }, hosts.Select(h => h.Host));
        Assert.All(hosts, h => Assert.NotNull(h.OvsDatabase));
        Assert.All(hosts, h => Assert.NotNull(h.DockerRestartCommand));
        Assert.Equal("10.201.0.2/24", Sh.Addresses(Sh.Link(_name + "-h2", "obrphy")!.Value).Single());

        // The lab is a place to rehearse: the GRE runbook's tunnel carries traffic between its hosts, and each
        // host's own dockerd runs a container from the lab's image.
        _ps.Set("runbook", Path.Combine(Repo.RootDir, "tests", "scenarios", "ovs-gre-two-hosts.ps1"));
        var gre = _ps.Run($"$h = Get-XHostSession | Where-Object {{ $_.SessionName -like '{_name}-h*' }}; " +
                          "& $runbook -Hosts $h -UnderlayAddress 10.201.0.1, 10.201.0.2 -BridgeAddress 10.201.1.1/24, 10.201.2.1/24 | Out-Null; " +
                          "Test-ContainerReachability 10.201.2.1 -Session $h[0] -Quiet");
        Assert.Empty(gre.Errors);
        Assert.True(gre.Single<bool>());
        var docker = _ps.Run("Invoke-XHostCommand -Session $h[1] -ArgumentList docker, -H, $h[1].DockerHost, run, --rm, local/busybox:1, echo, hello");
        Assert.Empty(docker.Errors);
        Assert.Equal("hello\n", docker.Single<XHostNet.Execution.CommandResult>().StandardOutput);

        Assert.Empty(_ps.Run($"Remove-XHostLab {_name}").Errors);
        Assert.Empty(Leftovers());
        Assert.False(Directory.Exists($"/run/xhostnet/labs/{_name}"));
        Assert.DoesNotContain(_name, Sh.Ok("ps", "-eo", "args"));
        Assert.DoesNotContain(_ps.Run("Get-XHostSession").All<XHostSession>(), s => s.SessionName.StartsWith(_name));
        Assert.Contains(_ps.Run($"Remove-XHostLab {_name} -Verbose").Verbose, v => v.Contains("nothing to remove"));
    }

    [RootFact]
    public void A_lab_with_ssh_gives_ssh_sessions_into_its_hosts_and_its_stand_in_containers_answer()
    {
        var made = _ps.Run($"$h = New-XHostLab 2 -Name {_name} -Ssh -ContainerSubnet 10.201.1.0/24, 10.201.2.0/24 -ContainerMtu 1450; $h");
        Assert.Empty(made.Errors);
        var hosts = made.All<XHostSession>().ToList();
        Assert.All(hosts, h => Assert.Equal(XHostSessionKind.Ssh, h.Kind));
        // The pinned fingerprint is the host key the lab made for that host.
        var print = Sh.Ok("ssh-keygen", "-l", "-E", "sha256", "-f", $"/run/xhostnet/labs/{_name}/h2/ssh/host_ed25519.pub").Split(' ')[1];
        Assert.Equal(print, hosts[1].HostKeyFingerprint);
        // A login lands in the host's namespace: it sees eth1 with the host's underlay address, and its ctr0.
        var inside = _ps.Run("Invoke-XHostCommand -Session $h[1] -ArgumentList ip, -j, address, show").Single<XHostNet.Execution.CommandResult>();
        Assert.Contains("\"10.201.0.2\"", inside.StandardOutput);
        Assert.Contains("\"ctr0\"", inside.StandardOutput);
        // The stand-in container: eth0 with the subnet's 2nd address, MTU as asked, default route to the 1st.
        var eth0 = Sh.Link(_name + "-c2", "eth0")!.Value;
        Assert.Equal(("10.201.2.2/24", 1450), (Sh.Addresses(eth0).Single(), eth0.GetProperty("mtu").GetInt32()));
        Assert.Contains("via 10.201.2.1", Sh.Ok("ip", "-n", _name + "-c2", "route", "show", "default"));
        Assert.Equal(1450, Sh.Link(_name + "-h2", "ctr0")!.Value.GetProperty("mtu").GetInt32());

        Assert.Empty(_ps.Run($"Remove-XHostLab {_name}").Errors);
        Assert.Empty(Leftovers());
        Assert.DoesNotContain(_name, Sh.Ok("ip", "-o", "link", "show")); // the management links from this machine
        Assert.DoesNotContain(_name, Sh.Ok("ps", "-eo", "args"));          // sshd by its pid file
        Assert.All(hosts, h => Assert.False(h.IsOpen));
    }

    [RootFact]
    public void A_lab_that_fails_half_way_leaves_nothing_and_says_why()
    {
        // A directory that cannot be made (a file stands in the way) fails the lab after its state is planned.
        var blocker = Path.Combine(Path.GetTempPath(), _name + "-file");
        File.WriteAllText(blocker, "");
        try
        {
            var result = _ps.Run($"New-XHostLab 2 -Name {_name} -Directory {blocker}/lab");
            Assert.Single(result.Errors);
            Assert.Empty(Leftovers());
        }
        finally
        {
            File.Delete(blocker);
        }
        Assert.Equal("ParameterArgumentValidationError", _ps.Run("New-XHostLab 2 -Name Bad_Name").ErrorId());
        Assert.Equal("LabContainerSubnetCount", _ps.Run($"New-XHostLab 2 -Name {_name} -ContainerSubnet 10.201.1.0/24").ErrorId());
        Assert.Equal("LabContainerSubnetInvalid", _ps.Run($"New-XHostLab 1 -Name {_name} -ContainerSubnet 10.201.1.0/31").ErrorId());
        Assert.Equal("ParameterArgumentValidationError", _ps.Run($"New-XHostLab 1 -Name {_name} -ContainerSubnet 10.201.1.1/24").ErrorId());
        Assert.Equal("LabDockerArgumentWithoutDocker", _ps.Run($"New-XHostLab 1 -Name {_name} -DockerArgument --mtu=1400").ErrorId());
        Assert.Contains($"{_name}-h1", _ps.Run($"New-XHostLab 2 -Name {_name} -WhatIf").HostText);
        Assert.Empty(Leftovers());
    }

    public void Dispose()
    {
        if (Root.IsRoot) _ps.Run($"Remove-XHostLab {_name}");
        _ps.Dispose();
    }
}
