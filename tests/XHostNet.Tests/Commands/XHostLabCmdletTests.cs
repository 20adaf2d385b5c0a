using XHostNet.Sessions;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Commands;

/// <summary>New-XHostLab and Remove-XHostLab on this machine: real namespaces, Open vSwitch and dockerd, and nothing left after.</summary>
public sealed class XHostLabCmdletTests : IDisposable
{
    private readonly PowerShellRunner _ps = new();
    private readonly string _name = "xq" + Guid.NewGuid().ToString("N")[..6];

    private string[] Leftovers() =>
        Sh.Ok("ip", "netns", "list").Split('\n').Where(l => l.StartsWith(_name)).ToArray();

    /// <summary>Whether the process runs: an ended one counts as gone while a zombie (PID 1 here reaps late).</summary>
    private static bool Running(string pid) => Sh.Run("ps", "-o", "stat=", "-p", pid).Out.Trim() is { Length: > 0 } stat && !stat.StartsWith('Z');

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
        // Its management links from a network of the test's own (-ManagementNetwork), recorded in the lab's state.
        var management = $"10.206.{Random.Shared.Next(128, 256)}.{16 * Random.Shared.Next(0, 16)}/28";
        var made = _ps.Run($"$h = New-XHostLab 2 -Name {_name} -Ssh -ManagementNetwork {management} -ContainerSubnet 10.201.1.0/24, 10.201.2.0/24 -ContainerMtu 1450; $h");
        Assert.Empty(made.Errors);
        var hosts = made.All<XHostSession>().ToList();
        Assert.All(hosts, h => Assert.Equal(XHostSessionKind.Ssh, h.Kind));
        var network = XHostNet.Linux.InterfaceAddress.Parse(management);
        Assert.All(hosts, h => Assert.True(network.Contains(System.Net.IPAddress.Parse(h.HostName)), $"{h.HostName} is not in {management}"));
        Assert.Contains($"\"ManagementNetwork\":\"{management}\"", File.ReadAllText($"/run/xhostnet/labs/{_name}/lab.json"));
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
    }

    [Fact]
    public void Refusals_come_before_anything_is_made_with_their_ids()
    {
        Assert.Equal("ParameterArgumentValidationError", _ps.Run("New-XHostLab 2 -Name Bad_Name").ErrorId());
        Assert.Equal(ErrorIds.LabContainerSubnetCount, _ps.Run($"New-XHostLab 2 -Name {_name} -ContainerSubnet 10.201.1.0/24").ErrorId());
        Assert.Equal(ErrorIds.LabContainerSubnetInvalid, _ps.Run($"New-XHostLab 1 -Name {_name} -ContainerSubnet 10.201.1.0/31").ErrorId());
        Assert.Equal("ParameterArgumentValidationError", _ps.Run($"New-XHostLab 1 -Name {_name} -ContainerSubnet 10.201.1.1/24").ErrorId());
        Assert.Equal(ErrorIds.LabDockerArgumentWithoutDocker, _ps.Run($"New-XHostLab 1 -Name {_name} -DockerArgument --mtu=1400").ErrorId());
        Assert.Equal(ErrorIds.LabNetworkTooSmall, _ps.Run($"New-XHostLab 3 -Name {_name} -Network 10.201.0.0/30").ErrorId());
        Assert.Equal(ErrorIds.LabManagementNetworkWithoutSsh, _ps.Run($"New-XHostLab 2 -Name {_name} -ManagementNetwork 10.206.64.0/24").ErrorId());
        Assert.Equal(ErrorIds.LabManagementNetworkNotIPv4, _ps.Run($"New-XHostLab 2 -Name {_name} -Ssh -ManagementNetwork fd06::/64").ErrorId());
        Assert.Equal(ErrorIds.LabManagementNetworkTooSmall, _ps.Run($"New-XHostLab 5 -Name {_name} -Ssh -ManagementNetwork 10.206.64.0/28").ErrorId());
        Assert.Equal(ErrorIds.LabManagementNetworkOverlap, _ps.Run($"New-XHostLab 2 -Name {_name} -Ssh -ManagementNetwork 10.201.0.0/16").ErrorId());
        Assert.Equal("ParameterArgumentValidationError", _ps.Run($"New-XHostLab 2 -Name {_name} -Ssh -ManagementNetwork 10.206.64.1/24").ErrorId());
        // IPv6 underlays of /96 and wider: before, fd00::/64 was refused as having "no room for 2 hosts" and fd00::/80
        // went ahead (an int shift wrapped); now both are refused as too large, saying so.
        var wide = _ps.Run($"New-XHostLab 2 -Name {_name} -Network fd00::/64");
        Assert.Equal(ErrorIds.LabNetworkTooLarge, wide.ErrorId());
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidArgument, wide.Errors[0].CategoryInfo.Category);
        Assert.Contains("longer than /96", wide.Errors[0].Exception.Message);
        Assert.Equal(ErrorIds.LabNetworkTooLarge, _ps.Run($"New-XHostLab 2 -Name {_name} -Network fd00::/80 -WhatIf").ErrorId());
        Assert.Contains($"{_name}-h1", _ps.Run($"New-XHostLab 2 -Name {_name} -Network fd00::/120 -WhatIf").HostText);
        Assert.Contains($"{_name}-h1", _ps.Run($"New-XHostLab 2 -Name {_name} -WhatIf").HostText);
        Assert.Empty(Leftovers());
    }

    [RootFact]
    public void A_used_name_is_refused_before_anything_changes_and_the_lab_that_has_it_stays_whole()
    {
        Assert.Empty(_ps.Run($"New-XHostLab 2 -Name {_name} -Ovs").Errors);
        var dir = $"/run/xhostnet/labs/{_name}";
        var state = File.ReadAllText(dir + "/lab.json");
        var namespaces = Leftovers();
        var pids = new[] { "h1/ovs/ovsdb-server.pid", "h2/ovs/ovs-vswitchd.pid" }.Select(f => File.ReadAllText(Path.Combine(dir, f)).Trim()).ToArray();

        // The same name again, in its own directory or elsewhere, with other options: refused, and nothing of the lab changes.
        var other = Path.Combine(Path.GetTempPath(), _name + "-other");
        foreach (var again in new[] { $"New-XHostLab 1 -Name {_name}", $"New-XHostLab 3 -Name {_name} -Docker -Directory {other}" })
        {
            var refused = _ps.Run(again);
            Assert.Equal(ErrorIds.LabExists, refused.ErrorId());
            Assert.Contains("Nothing was changed", refused.Errors[0].Exception.Message);
        }
        Assert.False(Directory.Exists(other));
        Assert.Equal(state, File.ReadAllText(dir + "/lab.json"));
        Assert.Equal(namespaces, Leftovers());
        Assert.All(pids, pid => Assert.True(Running(pid), "a daemon of the lab was stopped"));
        var lab = _ps.Run($"Get-XHostLab {_name}").Single<XHostNet.Lab.XHostLab>();
        Assert.True(lab.Alive, lab.Down);

        // The lab still goes away whole, by its name.
        Assert.Empty(_ps.Run($"Remove-XHostLab {_name}").Errors);
        Assert.Empty(Leftovers());
        Assert.All(pids, pid => Assert.False(Running(pid)));
    }

    [RootFact]
    public void A_name_whose_namespaces_exist_without_a_lab_directory_is_refused_and_they_are_left_alone()
    {
        var orphan = _name + "-h1";
        Sh.Ok("ip", "netns", "add", orphan);
        try
        {
            Assert.Equal(ErrorIds.LabExists, _ps.Run($"New-XHostLab 2 -Name {_name}").ErrorId());
            Assert.Equal(new[] { orphan }, Leftovers());
            Assert.False(Directory.Exists($"/run/xhostnet/labs/{_name}"));
            var remove = _ps.Run($"Remove-XHostLab {_name}");
            Assert.Equal(ErrorIds.LabStateMissing, remove.ErrorId());
            Assert.Contains(orphan, remove.Errors[0].Exception.Message);
            Assert.Equal(new[] { orphan }, Leftovers());
        }
        finally
        {
            Sh.Run("ip", "netns", "delete", orphan);
        }

        // A claim with nothing behind it (a run killed before it wrote lab.json) holds the name until Remove-XHostLab clears it.
        Directory.CreateDirectory($"/run/xhostnet/labs/{_name}");
        Assert.Equal(ErrorIds.LabExists, _ps.Run($"New-XHostLab 1 -Name {_name} -WarningAction SilentlyContinue").ErrorId());
        Assert.Empty(_ps.Run($"Remove-XHostLab {_name}").Errors);
        Assert.False(Directory.Exists($"/run/xhostnet/labs/{_name}"));
    }

    [RootFact]
    public void Of_two_labs_made_at_once_with_one_name_exactly_one_is_made_and_stays_whole()
    {
        using var second = new PowerShellRunner();
        var runs = new[] { _ps, second }.Select(ps => Task.Run(() => ps.Run($"New-XHostLab 2 -Name {_name} -Ovs"))).ToArray();
        Task.WaitAll(runs);
        var results = runs.Select(r => r.Result).ToList();
        Assert.Single(results, r => r.Errors.Count == 0);
        Assert.Equal(ErrorIds.LabExists, Assert.Single(results, r => r.Errors.Count > 0).ErrorId());
        var lab = _ps.Run($"Get-XHostLab {_name}").Single<XHostNet.Lab.XHostLab>();
        Assert.True(lab.Alive, lab.Down);
        Assert.Equal(7, lab.Parts.Length); // switch, 2 hosts, 2 × (ovsdb-server, ovs-vswitchd)
        Assert.Empty(_ps.Run($"Remove-XHostLab {_name}").Errors);
        Assert.Empty(Leftovers());
    }

    [RootFact]
    public void Remove_says_what_it_could_not_remove_and_never_stops_a_process_that_is_not_the_labs()
    {
        Assert.Empty(_ps.Run($"New-XHostLab 1 -Name {_name} -Ovs").Errors);
        var dir = $"/run/xhostnet/labs/{_name}";
        var pidFile = dir + "/h1/ovs/ovs-vswitchd.pid";
        var vswitchd = int.Parse(File.ReadAllText(pidFile).Trim());
        // A pid file that names a process which is not the lab's (a stale pid file whose PID was reused): a sleep of ours.
        using var stranger = System.Diagnostics.Process.Start("sleep", "600");
        File.WriteAllText(pidFile, stranger.Id + "\n");
        // A file system mounted in the lab's directory (as a dockerd leaves its namespace mounts): the directory is busy.
        Directory.CreateDirectory(dir + "/busy");
        Sh.Ok("mount", "-t", "tmpfs", "tmpfs", dir + "/busy");
        try
        {
            var removed = _ps.Run($"Remove-XHostLab {_name}");
            Assert.All(removed.Errors, e => Assert.Equal(ErrorIds.LabPartNotRemoved, e.FullyQualifiedErrorId.Split(',')[0]));
            var messages = removed.Errors.Select(e => e.Exception.Message).ToList();
            Assert.Contains(messages, m => m.Contains(pidFile) && m.Contains($"process {stranger.Id}") && m.Contains("not this lab's"));
            Assert.Contains(messages, m => m.Contains("directory " + dir) && m.Contains("busy"));
            Assert.False(stranger.HasExited, "Remove-XHostLab stopped a process that was not the lab's");
            Assert.Empty(Leftovers()); // what could go, went
        }
        finally
        {
            Sh.Run("umount", dir + "/busy");
            stranger.Kill();
            Sh.Run("kill", vswitchd.ToString()); // the lab's ovs-vswitchd, which lost its pid file
            Sh.Run("rm", "-rf", dir);
        }
    }

    [RootFact]
    public void Get_XHostLab_lists_each_lab_with_its_parts_and_shows_a_stale_one_so_it_can_be_removed()
    {
        Assert.Empty(_ps.Run($"New-XHostLab 2 -Name {_name} -Ovs -ContainerSubnet 10.201.1.0/24, 10.201.2.0/24").Errors);
        var lab = _ps.Run($"Get-XHostLab {_name}").Single<XHostNet.Lab.XHostLab>();
        Assert.True(lab.Alive, lab.Down);
        Assert.Equal(($"/run/xhostnet/labs/{_name}", 2), (lab.Directory, lab.HostCount));
        Assert.Equal(new[] { $"{_name}-h1", $"{_name}-h2" }, lab.Hosts);
        Assert.Equal(new[] { "Switch", "Host", "Container", "ovsdb-server", "ovs-vswitchd", "Host", "Container", "ovsdb-server", "ovs-vswitchd" },
            lab.Parts.Select(p => p.Kind));
        // Each daemon's PID is the one in its pid file, and that process runs.
        foreach (var daemon in lab.Parts.Where(p => p.ProcessId != null))
            Assert.Equal(File.ReadAllText(daemon.Name).Trim(), daemon.ProcessId.ToString());
        Assert.Contains(_ps.Run("Get-XHostLab").All<XHostNet.Lab.XHostLab>(), l => l.Name == _name);

        // A stale lab: host 1's ovsdb-server killed (by its pid file, a daemon of our lab) shows as not alive.
        var dbPid = lab.Parts.Single(p => p.Kind == "ovsdb-server" && p.HostNumber == 1).ProcessId!.Value;
        Sh.Ok("kill", "-9", dbPid.ToString());
        for (var i = 0; i < 100 && Running(dbPid.ToString()); i++) Thread.Sleep(50);
        var stale = _ps.Run($"Get-XHostLab {_name}").Single<XHostNet.Lab.XHostLab>();
        Assert.False(stale.Alive);
        Assert.Equal("h1 ovsdb-server", stale.Down);
        Assert.Matches($@"{_name}\s+2\s+switch,namespaces,ovs\s+False\s+h1 ovsdb-server", _ps.Run($"Get-XHostLab {_name} | Out-Default").HostText);

        Assert.Empty(_ps.Run($"Get-XHostLab {_name} | Remove-XHostLab").Errors);
        Assert.Empty(Leftovers());
        Assert.Equal(ErrorIds.LabNotFound, _ps.Run($"Get-XHostLab {_name}").ErrorId());
        Assert.Empty(_ps.Run($"Get-XHostLab {_name}*").Errors);
    }

    public void Dispose()
    {
        if (Root.IsRoot) _ps.Run($"Remove-XHostLab {_name}");
        _ps.Dispose();
    }
}
