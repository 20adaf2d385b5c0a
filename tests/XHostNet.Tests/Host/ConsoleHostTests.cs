using System.Text.RegularExpressions;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Host;

/// <summary>xhostnet-shell as a user runs it: a separate process, its exit code, what it prints.</summary>
public sealed class ConsoleHostTests
{
    // The host project is built with the tests (project reference), in the same configuration.
    private static readonly string Shell = Path.Combine(Repo.RootDir, "src", "XHostNet.Host", "bin",
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name, "net10.0", "xhostnet-shell");

    private static (int ExitCode, string Out, string Err) Run(params string[] args) =>
        Sh.Run(new[] { Shell, "-Module", Repo.ModuleManifest }.Concat(args).ToArray());

    [Fact]
    public void A_command_renders_through_the_module_views_and_exits_zero()
    {
        var (exit, output, _) = Run("-Command", "New-XHostSession -Name xhn-shell");
        Assert.Equal(0, exit);
        Assert.Matches(@"Id\s+SessionName\s+Kind\s+Host\s+Elevation\s+IsOpen", output);
        Assert.Contains("xhn-shell", output);
        Assert.DoesNotContain("\u001b[", output); // no colour escapes into a pipe
    }

    [Fact]
    public void An_error_is_shown_on_stderr_and_makes_the_exit_code_non_zero_even_when_the_script_goes_on()
    {
        var (exit, output, error) = Run("-Command", "Invoke-XHostCommand -- sh -c 'exit 3'; 'went on'");
        Assert.Equal(1, exit);
        Assert.Contains("went on", output);
        Assert.Contains("failed with exit code 3", error);
    }

    [Fact]
    public void A_script_file_gets_its_arguments_and_a_throw_fails_the_run()
    {
        var script = Path.Combine(Path.GetTempPath(), $"xhn-shell-{Guid.NewGuid():N}.ps1");
        File.WriteAllText(script, "param([string] $Word, [switch] $Fail)\n\"word=$Word\"\nif ($Fail) { throw 'asked to fail' }\n");
        try
        {
            var ok = Run("-File", script, "-Word", "it's $(x)");
            Assert.Equal(0, ok.ExitCode);
            Assert.Contains("word=it's $(x)", ok.Out);
            var failed = Run("-File", script, "-Word", "w", "-Fail");
            Assert.Equal(1, failed.ExitCode);
            Assert.Contains("asked to fail", failed.Err);
        }
        finally
        {
            File.Delete(script);
        }
    }

    [Fact]
    public void Bad_usage_and_a_missing_module_exit_2()
    {
        Assert.Equal(2, Sh.Run(Shell, "-NoSuchOption").ExitCode);
        var missing = Sh.Run(Shell, "-Module", "/nonexistent/XHostNet.psd1", "-Command", "1");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("Cannot import the XHostNet module", missing.Err);
    }

    /// <summary>
    /// Runs a walkthrough on a lab of its own (a name of ours) with a limit that holds on a loaded machine, then removes
    /// that lab by name with Remove-XHostLab however the shell ended (exited, failed, killed at the limit), and checks
    /// that the lab is gone. A walkthrough that removed its lab itself leaves Remove-XHostLab nothing to do.
    /// </summary>
    private static (int ExitCode, string Out, string Err) Walkthrough(string file, string prelude = "")
    {
        var lab = "xw" + Guid.NewGuid().ToString("N")[..6];
        var script = Path.Combine(Repo.RootDir, "examples", file);
        try
        {
            return prelude.Length == 0
                ? Sh.RunWithLimit(Limits.Walkthrough, null, new[] { Shell, "-Module", Repo.ModuleManifest, "-File", script, "-Lab", lab })
                : Sh.RunWithLimit(Limits.Walkthrough, null, new[] { Shell, "-Module", Repo.ModuleManifest, "-Command", $"{prelude}; & '{script}' -Lab {lab}" });
        }
        finally
        {
            var removed = Sh.RunWithLimit(Limits.Walkthrough, null, Shell, "-Module", Repo.ModuleManifest, "-Command", $"Remove-XHostLab {lab} -Confirm:$false");
            Assert.True(removed.ExitCode == 0, removed.Err);
            AssertLabGone(lab);
        }
    }

    private static void AssertLabGone(string lab)
    {
        Assert.DoesNotContain(Sh.Ok("ip", "netns", "list").Split('\n'), l => l.StartsWith(lab + "-"));
        Assert.DoesNotContain(Sh.Ok("ip", "-o", "link", "show").Split('\n'), l => l.Contains(lab));
        Assert.DoesNotContain(lab, Sh.Ok("ps", "-eo", "args"));
        Assert.False(Directory.Exists("/run/xhostnet/labs/" + lab));
    }

    [RootFact]
    public void A_walkthrough_killed_at_its_limit_still_has_its_lab_removed_by_name()
    {
        // The shell is killed while its lab stands (the walkthrough waits before removing it): nothing of it may stay.
        var lab = "xw" + Guid.NewGuid().ToString("N")[..6];
        try
        {
            Assert.Throws<TimeoutException>(() => Sh.RunWithLimit(TimeSpan.FromSeconds(5 * Limits.Scale), null, Shell, "-Module", Repo.ModuleManifest, "-Command",
                $"New-XHostLab 2 -Name {lab} -Ovs | Out-Null; 'made' | Out-Host; while ($true) {{ Invoke-XHostCommand sleep 1 | Out-Null }}"));
        }
        finally
        {
            Sh.RunWithLimit(Limits.Walkthrough, null, Shell, "-Module", Repo.ModuleManifest, "-Command", $"Remove-XHostLab {lab} -Confirm:$false");
        }
        AssertLabGone(lab);
    }

    [RootFact]
    public void The_overlay_walkthrough_runs_in_the_console_host_and_its_ping_crosses_the_tunnel()
    {
        var (exit, stdout, stderr) = Walkthrough("ovs-gre-lab.ps1");
        Assert.True(exit == 0, stderr);
        Assert.All(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.StartsWith("VERBOSE:", line)); // the second run's "nothing to change"
        Assert.Contains("add-br obr0 -- set Bridge obr0 datapath_type=netdev", stdout);
        Assert.True(Regex.IsMatch(stdout, @"10\.201\.2\.0/24\s+10\.201\.2\.1\s+br0\s+True\s+Tunnel\s+br0 → obr0 → gre0"), stdout);
        Assert.True(Regex.IsMatch(stdout, @"host1\s+10\.201\.2\.2\s+True\s+[1-3]/3\s+[\d.]+\s+Tunnel\s+br0 → obr0 → gre0"), stdout); // from host 1, through the tunnel
        // The containers' rows follow their packets onto their hosts: through the tunnel too.
        Assert.True(Regex.IsMatch(stdout, @"container1\s+10\.201\.2\.2\s+True\s+[1-3]/3\s+[\d.]+\s+Tunnel\s+eth0 → br0 → obr0 → gre0"), stdout);
        Assert.DoesNotMatch(@"\sFalse\s+\d+/\d+\s", stdout); // no pair failed
    }

    [RootFact]
    public void A_walkthrough_that_fails_half_way_removes_its_lab_and_says_why()
    {
        // The routes step fails after the bridges and tunnels are built: the lab must go anyway (checked in Walkthrough).
        var (exit, stdout, stderr) = Walkthrough("ovs-gre-lab.ps1", "function Add-ContainerRoute { throw 'injected failure' }");
        Assert.NotEqual(0, exit);
        Assert.Contains("injected failure", stderr);
        Assert.Contains("remove the lab", stdout);
    }

    [RootFact]
    public void The_docker_walkthrough_runs_in_the_console_host_and_its_containers_reach_each_other()
    {
        var (exit, stdout, stderr) = Walkthrough("docker-lab.ps1");
        Assert.True(exit == 0, stderr);
        Assert.Contains("\"fixed-cidr\": \"10.201.0.64/26\"", stdout); // -WhatIf shows the file's new content
        Assert.True(Regex.IsMatch(stdout, @"br0\s+10\.201\.0\.128/26\s+True\s+10\.201\.0\.0/24\s+10\.201\.0\.128/26"), stdout);
        Assert.True(Regex.IsMatch(stdout, @"lan-c0\s+lan-c1 \(10\.201\.0\.128\)\s+True\s+[1-3]/3"), stdout);
        Assert.DoesNotMatch(@"\sFalse\s+\d+/\d+\s", stdout); // no pair failed
    }

    [RootFact]
    public void The_vxlan_walkthrough_proves_its_overlay()
    {
        var (exit, stdout, stderr) = Walkthrough("vxlan-lab.ps1");
        Assert.True(exit == 0, stderr);
        Assert.True(Regex.IsMatch(stdout, @"host1\s+10\.201\.2\.2\s+True\s+[1-3]/3\s+[\d.]+\s+Tunnel\s+br0 → vx0"), stdout);
        Assert.Equal(4 + 4, Regex.Matches(stdout, @"\sTrue\s+[1-3]/3\s").Count); // containers and hosts, all pairs (a lost reply is loss, not failure)
    }

    [RootFact]
    public void The_flannel_walkthrough_sets_dockerd_from_leases_and_its_containers_reach_each_other()
    {
        var (exit, stdout, stderr) = Walkthrough("flannel-lab.ps1");
        Assert.True(exit == 0, stderr);
        Assert.True(Regex.IsMatch(stdout, @"\s10\.201\.11\.1/24\s+1500\s+True\s+10\.201\.11\.0/24"), stdout);
        Assert.True(Regex.IsMatch(stdout, @"fl-c1\s+fl-c2 \(10\.201\.11\.2\)\s+True\s+[1-3]/3"), stdout);
        Assert.True(Regex.IsMatch(stdout, @"fl-c2\s+fl-c1 \(10\.201\.10\.2\)\s+True\s+[1-3]/3"), stdout);
    }

    [RootFact]
    public void The_attach_walkthrough_puts_containers_on_a_vxlan_overlay_by_hand()
    {
        var (exit, stdout, stderr) = Walkthrough("attach-lab.ps1");
        Assert.True(exit == 0, stderr);
        Assert.True(Regex.IsMatch(stdout, @"app1\s+eth1\s+10\.201\.50\.1/24\s+1450"), stdout);
        Assert.True(Regex.IsMatch(stdout, @"app1\s+app2 \(10\.201\.50\.2\)\s+True\s+[1-3]/3\s+[\d.]+\s+Tunnel\s+eth1 → weave → wvx"), stdout);
    }

    [RootFact]
    public void The_network_walkthrough_connects_three_hosts_in_one_command_and_takes_them_back()
    {
        var (exit, stdout, stderr) = Walkthrough("network-lab.ps1");
        Assert.True(exit == 0, stderr);
        Assert.Contains("ovs-vsctl", stdout); // -WhatIf shows the plan's exact commands
        Assert.Equal(3, Regex.Matches(stdout, @"OvsGre\s+10\.202\.\d\.0/24\s+True\s+2\s").Count); // applied in 2 round trips each
        Assert.Equal(3, Regex.Matches(stdout, @"ssh:root@[\d.]+:22\s+False\s+1\s").Count); // the re-run: 1 round trip each
        Assert.True(Regex.IsMatch(stdout, @"10\.202\.2\.2\s+True\s+[1-3]/3\s+[\d.]+\s+Tunnel"), stdout);
        Assert.DoesNotMatch(@"\sFalse\s+\d+/\d+\s", stdout); // no pair failed
        Assert.Contains("Records left: 0", stdout);
    }
    [RootFact]
    public void The_leases_walkthrough_leases_three_subnets_beside_flannels_and_gives_them_back()
    {
        var (exit, stdout, stderr) = Walkthrough("flannel-leases.ps1");
        Assert.True(exit == 0, stderr);
        Assert.Contains("# In etcd: claim 10.203.2.0/24 for 10.201.0.1", stdout); // -WhatIf names the lease it would claim
        // Leased beside flannel's 10.203.1.0/24, applied in 2 round trips each; the re-run changes nothing in 1.
        Assert.True(Regex.Matches(stdout, @"10\.203\.([234])\.0/24\s+True\s+2\s+/coreos\.com/network/subnets/10\.203\.\1\.0-24").Count == 3, stdout);
        Assert.True(Regex.Matches(stdout, @"netns:\S+\s+10\.203\.[234]\.0/24\s+False\s+1\s").Count == 3, stdout);
        Assert.True(Regex.Matches(stdout, @"\(10\.203\.[234]\.\S*\s+True\s+2/2").Count == 6, stdout); // the reachability matrix
        // After Disconnect etcd holds flannel's lease alone.
        var after = stdout[stdout.IndexOf("--- Disconnect", StringComparison.Ordinal)..];
        Assert.Contains("10.201.0.99 Flannel", after);
        Assert.DoesNotContain("XHostNet", after);
    }
}
