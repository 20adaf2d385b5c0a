using System.Management.Automation;
using XHostNet.Execution;
using XHostNet.Linux;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.PowerShell;

/// <summary>Tab completion as a shell asks for it (TabExpansion2), and -Session by name or id.</summary>
public sealed class CompletionTests : IDisposable
{
    private readonly PowerShellRunner _ps = new();
    private readonly string _tag = Guid.NewGuid().ToString("N")[..6];

    /// <summary>What TabExpansion2 offers with the cursor at the end of the line.</summary>
    private string[] Complete(string line)
    {
        _ps.Set("line", line);
        return _ps.Run("(TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | ForEach-Object CompletionText")
            .Output.Select(o => o.ToString()).ToArray();
    }

    [Fact]
    public void Session_completes_with_names_and_ids_and_binds_by_either()
    {
        var made = _ps.Run($"New-XHostSession -Name xhc-alpha-{_tag}; New-XHostSession -Name xhc-beta-{_tag}").All<XHostNet.Sessions.XHostSession>().ToList();
        Assert.Equal(new[] { $"xhc-alpha-{_tag}" }, Complete($"Invoke-XHostCommand -Session xhc-al"));
        Assert.Contains($"xhc-beta-{_tag}", Complete("Get-LinuxBridge -Session xhc-"));
        Assert.Contains(made[1].Id.ToString(), Complete($"Get-LinuxBridge -Session {made[1].Id}"));
        Assert.Contains($"xhc-alpha-{_tag}", Complete("Get-XHostSession -Name xhc-"));

        var byName = _ps.Run($"Invoke-XHostCommand -Session xhc-beta-{_tag} true").Single<CommandResult>();
        Assert.Equal("local", byName.Host);
        Assert.Empty(_ps.Run($"Invoke-XHostCommand -Session {made[0].Id}, xhc-beta-{_tag} true").Errors);

        var unknown = _ps.Run("Invoke-XHostCommand -Session xhc-nobody true");
        Assert.Equal("ParameterArgumentTransformationError", unknown.ErrorId());
        Assert.Contains("no session named 'xhc-nobody'", unknown.Errors[0].Exception.Message);
        var wrongId = _ps.Run("Invoke-XHostCommand -Session 99999 true");
        Assert.Equal("ParameterArgumentTransformationError", wrongId.ErrorId());
        Assert.Contains("no session with Id 99999", wrongId.Errors[0].Exception.Message);
    }

    [RootFact]
    public void Interfaces_bridges_and_namespaces_complete_from_the_sessions_host()
    {
        using var ns = new TempNamespace("xhc");
        ns.Exec("ip", "link", "add", "xcveth0", "type", "veth", "peer", "name", "xcveth1");
        ns.Exec("ip", "link", "add", "xcbr0", "type", "bridge");
        _ps.Set("ns", ns.Name);
        Assert.Empty(_ps.Run($"$s = New-XHostSession -NetworkNamespace $ns -Name xhc-ns-{_tag}").Errors);

        Assert.Contains(ns.Name, Complete("New-XHostSession -NetworkNamespace xhc-"));
        Assert.Equal(new[] { "xcveth0", "xcveth1" }, Complete("Add-LinuxBridgePort xcbr0 -Session $s -Interface xcv"));
        Assert.Equal(new[] { "xcveth0", "xcveth1" }, Complete($"Add-ContainerRoute 10.200.9.0/24 -Session xhc-ns-{_tag} -Interface xcv")); // -Session by name
        Assert.Equal(new[] { "xcbr0" }, Complete("Get-LinuxBridge -Session $s -Name xc"));
        Assert.Empty(Complete("Get-LinuxBridge -Name xcbr")); // this machine has no such bridge

        // A name piped by value, as users expect of Get-*: the session comes from -Session, by object or by name.
        Assert.Equal("xcbr0", _ps.Run("'xcbr0' | Get-LinuxBridge -Session $s").Single<LinuxBridge>().Name);
        Assert.Equal("xcbr0", _ps.Run($"'xcbr0' | Get-LinuxBridge -Session xhc-ns-{_tag}").Single<LinuxBridge>().Name);
        Assert.Empty(_ps.Run("'xcbr0' | Remove-LinuxBridge -Session $s -Confirm:$false").Errors);
        Assert.Null(Sh.Link(ns.Name, "xcbr0"));
    }

    [RootFact]
    public void Lab_names_and_open_vswitch_bridges_complete()
    {
        var lab = "xhc" + _tag[..4];
        Assert.Empty(_ps.Run($"$lab = New-XHostLab 1 -Name {lab} -Ovs").Errors);
        try
        {
            Assert.Contains(lab, Complete($"Remove-XHostLab {lab[..4]}"));
            Assert.Contains(lab, Complete($"Get-XHostLab -Name {lab[..4]}"));
            // Open vSwitch bridges complete from the lab host's own database (its session's -OvsDatabase).
            Assert.Empty(_ps.Run("New-OvsBridge xcob0 -DatapathType netdev -Session $lab").Errors);
            Assert.Equal(new[] { "xcob0" }, Complete("Get-OvsBridge -Session $lab -Name xco"));
            Assert.Contains("xcob0", Complete("Add-GreTunnel -Session $lab -Bridge xco"));
        }
        finally
        {
            Assert.Empty(_ps.Run($"Remove-XHostLab {lab} -Confirm:$false").Errors);
        }
    }

    [RootFact]
    public void Container_names_complete_from_the_sessions_docker_engine()
    {
        using var hosts = new DockerHosts();
        Assert.Empty(_ps.Run(hosts.SessionsScript).Errors);
        var container = "xhc" + _tag;
        hosts.DockerOk(1, "run", "-d", "--name", container, "--network", "none", "local/busybox:1", "sleep", "600");
        try
        {
            Assert.Equal(new[] { container }, Complete("Get-ContainerNetwork -Session $h[0] -Container xhc"));
            Assert.Equal(new[] { container }, Complete("Test-ContainerReachability 10.200.0.1 -Session $h[0] -Container xhc"));
            Assert.Empty(Complete("Get-ContainerNetwork -Session $h[1] -Container xhc")); // the other host runs none
        }
        finally
        {
            hosts.Docker(1, "rm", "-f", container);
        }
    }

    public void Dispose()
    {
        _ps.Run("Get-XHostSession | Remove-XHostSession");
        _ps.Dispose();
    }
}
