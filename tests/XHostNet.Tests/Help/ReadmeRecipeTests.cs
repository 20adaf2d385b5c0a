using System.Management.Automation;
using System.Text.RegularExpressions;
using XHostNet.Docker;
using XHostNet.Linux;
using XHostNet.Reachability;
using XHostNet.Routing;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Help;

/// <summary>
/// Every ```powershell block of README.md runs as written, in order, in one runspace, on the labs the README itself
/// makes (demo: Open vSwitch and stand-in containers; dock: Docker engines); what each recipe promises is checked on
/// the hosts. A block that cannot run here is marked just before its fence with &lt;!-- not run: reason --&gt;.
/// </summary>
public sealed class ReadmeRecipeTests : IDisposable
{
    private static readonly string[] Labs = { "demo", "dock" };
    private readonly PowerShellRunner _ps = new();
    private bool _labsWereFree;
    private FileStream? _readmeLock;

    /// <summary>A README block: its text, and the reason it is not run (null when it runs).</summary>
    public sealed record Block(int Line, string Code, string? NotRun);

    public static IReadOnlyList<Block> Blocks(string markdown)
    {
        var lines = markdown.Replace("\r\n", "\n").Split('\n');
        var blocks = new List<Block>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() != "```powershell") continue;
            var previous = i - 1;
            while (previous >= 0 && lines[previous].Trim().Length == 0) previous--;
            var mark = previous >= 0 ? Regex.Match(lines[previous].Trim(), @"^<!--\s*not run:\s*(.+?)\s*-->$") : Match.Empty;
            var end = Array.FindIndex(lines, i + 1, l => l.Trim() == "```");
            Assert.True(end > i, $"README.md line {i + 1}: the block is not closed");
            blocks.Add(new Block(i + 1, string.Join("\n", lines[(i + 1)..end]), mark.Success ? mark.Groups[1].Value : null));
            i = end;
        }
        return blocks;
    }

    [Fact]
    public void The_blocks_are_found_and_every_skipped_block_says_why()
    {
        var blocks = Blocks(File.ReadAllText(Path.Combine(Repo.RootDir, "README.md")));
        Assert.True(blocks.Count(b => b.NotRun is null) >= 6, "the README's recipes were not found");
        Assert.All(blocks.Where(b => b.NotRun != null), b => Assert.True(b.NotRun!.Length > 10, $"line {b.Line}: say why it is not run"));
        var marks = Regex.Matches(File.ReadAllText(Path.Combine(Repo.RootDir, "README.md")), "<!--\\s*not run").Count;
        Assert.Equal(marks, blocks.Count(b => b.NotRun != null)); // a mark not right before a block is a mistake
    }

    [RootFact]
    public void Every_unmarked_README_block_runs_as_written_and_does_what_it_promises()
    {
        // The README names its labs, so two copies of the suite on one machine take turns here (the lock is the
        // kernel's flock on the file: it goes with the process, even a killed one).
        _readmeLock = TakeMachineLock("/run/xhostnet/readme-recipes.lock", Limits.Walkthrough * 3);
        var existing = _ps.Run("Get-XHostLab").Output.Select(o => (string)o.Properties["Name"].Value).Intersect(Labs).ToList();
        Assert.True(existing.Count == 0, $"labs {string.Join(", ", existing)} exist already; the README makes them (remove them with Remove-XHostLab)");
        _labsWereFree = true;
        // As a user in the clone's root answering Yes to Set-DockerBridge's confirmation (ConfirmImpact High).
        _ps.Run($"Set-Location '{Repo.RootDir}'; $ConfirmPreference = 'None'");

        var checkedPromises = new List<string>();
        var ran = 0;
        foreach (var block in Blocks(File.ReadAllText(Path.Combine(Repo.RootDir, "README.md"))).Where(b => b.NotRun is null))
        {
            PsResult result;
            try
            {
                result = _ps.Run(block.Code);
            }
            catch (RuntimeException ex)
            {
                throw new Xunit.Sdk.XunitException($"README.md line {block.Line} stopped: {ex.Message}\n{block.Code}");
            }
            Assert.True(result.Errors.Count == 0,
                $"README.md line {block.Line}: {string.Join("\n", result.Errors.Select(e => e.ToString()))}\n{block.Code}");
            ran++;
            checkedPromises.AddRange(CheckPromises(block.Code, result));
        }
        Assert.True(ran >= 6);
        Assert.Equal(new[] { "runbook", "overlay", "lab removed", "shared LAN", "lab removed" }, checkedPromises);
    }

    /// <summary>What the block's recipe promises, checked on the hosts; returns the names of the promises checked.</summary>
    private IEnumerable<string> CheckPromises(string code, PsResult result)
    {
        if (code.Contains("Add-LinuxBridgePort -Interface ctr0"))
        {
            // br0 with the container's port on host 1 only (-WhatIf changed nothing on host 2); the container answers.
            var bridges = _ps.Run("Get-LinuxBridge -Session $h1, $h2").All<LinuxBridge>().ToList();
            var br0 = Assert.Single(bridges, b => b.Name == "br0");
            Assert.Equal("demo-h1", br0.Session!.SessionName);
            Assert.Equal(new[] { "ctr0" }, br0.Ports);
            var ping = Assert.Single(result.Output.Select(o => o.BaseObject).OfType<ReachabilityResult>());
            Assert.True(ping.Success, ping.Error);
            yield return "runbook";
        }
        if (code.Contains("Add-GreTunnel") && code.Contains("Test-ContainerReachability"))
        {
            var route = Assert.Single(result.Output.Select(o => o.BaseObject).OfType<RoutePath>());
            Assert.Equal(RoutePathKind.Tunnel, route.Path);
            var rows = result.Output.Select(o => o.BaseObject).OfType<ReachabilityResult>().ToList();
            Assert.Equal(4, rows.Count); // two hosts × two containers
            Assert.All(rows, r => Assert.True(r.Success, $"{r.Source} → {r.Target}: {r.Error}"));
            // The other host's container is reached through the tunnel, not the underlay.
            Assert.All(rows.Where(r => r.Source == "demo-h1" && r.TargetAddress == "10.201.2.2"), r => Assert.Equal(RoutePathKind.Tunnel, r.Path));
            yield return "overlay";
        }
        if (code.Contains("Set-DockerBridge"))
        {
            var plan = _ps.Run("$plan").All<ContainerSubnet>().Select(s => s.FixedCidr).ToList();
            var settings = result.Output.Select(o => o.BaseObject).OfType<DockerBridge>().ToList();
            Assert.Equal(plan, settings.Select(s => s.FixedCidr));
            Assert.Equal(plan, settings.Select(s => s.EffectiveIpRange));
            Assert.All(settings, s => Assert.Equal(("br0", "br0", true), (s.Bridge, s.EffectiveBridge, s.Running)));
            // A container on each host gets an address of its host's slice and reaches the other host's container.
            var addresses = new List<string>();
            foreach (var d in new[] { "$d1", "$d2" })
            {
                var run = _ps.Run($"Invoke-XHostCommand -Session {d} docker -H {d}.DockerHost run --detach --name readme-web local/busybox:1 sleep 3600");
                Assert.Empty(run.Errors);
                var address = _ps.Run($"Invoke-XHostCommand -Session {d} docker -H {d}.DockerHost inspect -f '{{{{.NetworkSettings.IPAddress}}}}' readme-web")
                    .Single<XHostNet.Execution.CommandResult>().StandardOutput.Trim();
                addresses.Add(address);
            }
            for (var i = 0; i < 2; i++)
                Assert.True(InterfaceAddress.TryParse(plan[i]!, out var slice, out _) && slice!.Contains(System.Net.IPAddress.Parse(addresses[i])),
                    $"container {i + 1} got {addresses[i]}, outside {plan[i]}");
            var ping = _ps.Run($"Invoke-XHostCommand -Session $d1 docker -H $d1.DockerHost exec readme-web ping '-c' 2 '-W' 2 {addresses[1]}");
            Assert.Empty(ping.Errors);
            yield return "shared LAN";
        }
        if (code.Trim().StartsWith("Remove-XHostLab", StringComparison.Ordinal))
        {
            var name = code.Trim().Split(' ')[1];
            Assert.DoesNotContain(name, _ps.Run("Get-XHostLab").Output.Select(o => (string)o.Properties["Name"].Value));
            yield return "lab removed";
        }
    }

    private static FileStream TakeMachineLock(string path, TimeSpan patience)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var until = DateTime.UtcNow + patience;
        while (true)
        {
            try
            {
                // On Linux, FileShare.None is an exclusive flock that another process's open fails on.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < until)
            {
                Thread.Sleep(1000);
            }
        }
    }

    public void Dispose()
    {
        // The README removes its labs; after a failure they may still stand. Only these two names, which this
        // test checked were free before it began, are removed.
        foreach (var lab in _labsWereFree ? Labs : Array.Empty<string>())
        {
            _ps.Run($"if (Get-XHostLab {lab} -ErrorAction SilentlyContinue) {{ Remove-XHostLab {lab} -Confirm:$false }}");
        }
        _ps.Dispose();
        _readmeLock?.Dispose();
    }
}
