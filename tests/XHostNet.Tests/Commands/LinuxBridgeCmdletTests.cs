using System.Management.Automation;
using XHostNet.Linux;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Commands;

/// <summary>The bridge cmdlets in the hosted engine, against the real kernel in throwaway namespaces, checked with ip -j.</summary>
public sealed class LinuxBridgeCmdletTests : IDisposable
{
    private readonly TempNamespace _ns;
    private readonly PowerShellRunner _ps = new();

    public LinuxBridgeCmdletTests()
    {
        _ns = Root.IsRoot ? new TempNamespace() : null!;
        if (Root.IsRoot) _ps.Run($"$h = New-XHostSession -NetworkNamespace {_ns.Name}");
    }

    [RootFact]
    public void New_LinuxBridge_creates_an_up_bridge_with_its_addresses_and_settings()
    {
        var result = _ps.Run("New-LinuxBridge br0 -Address 10.200.10.1/24,fd00:200::1/64 -Mtu 1450 -Stp -Session $h");
        Assert.Empty(result.Errors);
        var bridge = result.Single<LinuxBridge>();
        Assert.Equal("br0", bridge.Name);
        Assert.Equal($"netns:{_ns.Name}", bridge.Host);

        var link = Sh.Link(_ns.Name, "br0")!.Value;
        Assert.Equal("bridge", link.GetProperty("linkinfo").GetProperty("info_kind").GetString());
        Assert.Equal(1, link.GetProperty("linkinfo").GetProperty("info_data").GetProperty("stp_state").GetInt32());
        Assert.Equal(1450, link.GetProperty("mtu").GetInt32());
        Assert.Contains("UP", link.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(new[] { "10.200.10.1/24", "fd00:200::1/64" }, Sh.Addresses(link).OrderBy(a => a));
        Assert.Equal(Sh.Addresses(link).OrderBy(a => a), bridge.Addresses.OrderBy(a => a));
        Assert.Equal(link.GetProperty("address").GetString(), bridge.MacAddress);
    }

    [RootFact]
    public void Running_it_again_changes_nothing_and_says_so()
    {
        _ps.Run("New-LinuxBridge br0 -Address 10.200.10.1/24 -Session $h");
        var before = Sh.Link(_ns.Name, "br0")!.Value.GetProperty("ifindex").GetInt32();
        var again = _ps.Run("New-LinuxBridge br0 -Address 10.200.10.1/24 -Session $h -Verbose");
        Assert.Empty(again.Errors);
        Assert.Equal("br0", again.Single<LinuxBridge>().Name);
        Assert.Contains(again.Verbose, v => v.Contains("nothing to change"));
        Assert.Equal(before, Sh.Link(_ns.Name, "br0")!.Value.GetProperty("ifindex").GetInt32());
    }

    [RootFact]
    public void A_conflict_is_an_error_that_changes_nothing_and_Force_resolves_it()
    {
        _ps.Run("New-LinuxBridge br0 -Address 10.200.10.1/24 -Session $h");
        var conflict = _ps.Run("New-LinuxBridge br0 -Address 10.200.11.1/24 -Mtu 1400 -Session $h");
        var error = Assert.Single(conflict.Errors);
        Assert.Equal(ErrorIds.LinuxBridgeConflict + ",XHostNet.Commands.NewLinuxBridgeCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceExists, error.CategoryInfo.Category);
        Assert.Empty(conflict.Output);
        var link = Sh.Link(_ns.Name, "br0")!.Value;
        Assert.Equal(new[] { "10.200.10.1/24" }, Sh.Addresses(link));
        Assert.Equal(1500, link.GetProperty("mtu").GetInt32());

        var forced = _ps.Run("New-LinuxBridge br0 -Address 10.200.11.1/24 -Mtu 1400 -Session $h -Force");
        Assert.Empty(forced.Errors);
        link = Sh.Link(_ns.Name, "br0")!.Value;
        Assert.Equal(new[] { "10.200.11.1/24" }, Sh.Addresses(link));
        Assert.Equal(1400, link.GetProperty("mtu").GetInt32());
    }

    [RootFact]
    public void WhatIf_prints_the_exact_commands_per_host_and_changes_nothing()
    {
        var result = _ps.Run("New-LinuxBridge br0 -Address 10.200.10.1/24 -Session $h -WhatIf");
        Assert.Empty(result.Errors);
        Assert.Empty(result.Output);
        Assert.Null(Sh.Link(_ns.Name, "br0"));
        Assert.Contains($"On host 'netns:{_ns.Name}':", result.HostText);
        Assert.Contains("    ip link add name br0 type bridge", result.HostText);
        Assert.Contains("    ip address add 10.200.10.1/24 dev br0", result.HostText);
        Assert.Contains("    ip link set dev br0 up", result.HostText);

        _ps.Run("New-LinuxBridge br0 -Session $h");
        _ps.Run($"Invoke-XHostCommand -Session $h ip link add xv0 type veth peer name xv1");
        var ports = _ps.Run("Add-LinuxBridgePort -PassThru br0 xv0 -Session $h -WhatIf");
        Assert.Contains("ip link set dev xv0 master br0", ports.HostText);
        Assert.False(Sh.Link(_ns.Name, "xv0")!.Value.TryGetProperty("master", out _));
        var remove = _ps.Run("Remove-LinuxBridge br0 -Session $h -WhatIf");
        Assert.Contains("ip link delete dev br0 type bridge", remove.HostText);
        Assert.NotNull(Sh.Link(_ns.Name, "br0"));
    }

    [RootFact]
    public void Add_LinuxBridgePort_writes_the_bridge_only_with_PassThru()
    {
        _ns.Exec("ip", "link", "add", "xv0", "type", "veth", "peer", "name", "xv1");
        _ps.Run("New-LinuxBridge br0 -Session $h");
        var quiet = _ps.Run("Add-LinuxBridgePort br0 xv0 -Session $h");
        Assert.Empty(quiet.Errors);
        Assert.Empty(quiet.Output);
        Assert.Equal("br0", Sh.Link(_ns.Name, "xv0")!.Value.GetProperty("master").GetString());

        var changed = _ps.Run("Add-LinuxBridgePort br0 xv1 -Session $h -PassThru");
        Assert.Equal(new[] { "xv0", "xv1" }, changed.Single<LinuxBridge>().Ports);
        var unchanged = _ps.Run("Add-LinuxBridgePort br0 xv1 -Session $h -PassThru");
        Assert.Equal(new[] { "xv0", "xv1" }, unchanged.Single<LinuxBridge>().Ports);
    }

    [RootFact]
    public void Bridge_objects_pipe_into_port_cmdlets_on_the_same_host()
    {
        _ns.Exec("ip", "link", "add", "xv0", "type", "veth", "peer", "name", "xv1");
        _ns.Exec("ip", "address", "add", "10.200.12.5/24", "dev", "xv1");
        var added = _ps.Run("New-LinuxBridge br0 -Address 10.200.10.1/24 -Session $h | Add-LinuxBridgePort -PassThru -Interface xv0,xv1");
        Assert.Empty(added.Errors);
        Assert.Equal(new[] { "xv0", "xv1" }, added.Single<LinuxBridge>().Ports);
        Assert.Contains(added.Warnings, w => w.Contains("10.200.12.5/24") && w.Contains("stop answering"));
        foreach (var port in new[] { "xv0", "xv1" })
        {
            var link = Sh.Link(_ns.Name, port)!.Value;
            Assert.Equal("br0", link.GetProperty("master").GetString());
            Assert.Contains("UP", link.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        }

        var removed = _ps.Run("Get-LinuxBridge br0 -Session $h | Remove-LinuxBridgePort -Interface xv1 -PassThru");
        Assert.Empty(removed.Errors);
        Assert.Equal(new[] { "xv0" }, removed.Single<LinuxBridge>().Ports);
        Assert.False(Sh.Link(_ns.Name, "xv1")!.Value.TryGetProperty("master", out _));

        var gone = _ps.Run("Get-LinuxBridge -Session $h | Remove-LinuxBridge -Confirm:$false");
        Assert.Empty(gone.Errors);
        Assert.Null(Sh.Link(_ns.Name, "br0"));
        Assert.NotNull(Sh.Link(_ns.Name, "xv0")); // ports are released, not deleted
    }

    [RootFact]
    public void Port_conflicts_and_missing_objects_are_clear_errors()
    {
        _ns.Exec("ip", "link", "add", "xv0", "type", "veth", "peer", "name", "xv1");
        _ps.Run("New-LinuxBridge br0 -Session $h; New-LinuxBridge br1 -Session $h; Add-LinuxBridgePort br0 xv0 -Session $h");
        var clash = _ps.Run("Add-LinuxBridgePort -PassThru br1 xv0 -Session $h");
        Assert.Equal(ErrorIds.InterfaceHasOtherMaster, clash.ErrorId());
        Assert.Equal("br0", Sh.Link(_ns.Name, "xv0")!.Value.GetProperty("master").GetString());
        _ps.Run("Add-LinuxBridgePort br1 xv0 -Session $h -Force");
        Assert.Equal("br1", Sh.Link(_ns.Name, "xv0")!.Value.GetProperty("master").GetString());

        Assert.Equal(ErrorIds.InterfaceNotFound, _ps.Run("Add-LinuxBridgePort br0 nosuch0 -Session $h").ErrorId());
        var missing = _ps.Run("Get-LinuxBridge nobr -Session $h");
        Assert.Equal(ErrorCategory.ObjectNotFound, Assert.Single(missing.Errors).CategoryInfo.Category);
        Assert.Empty(_ps.Run("Get-LinuxBridge no* -Session $h").Errors); // a wildcard that matches nothing is not an error
        var absent = _ps.Run("Remove-LinuxBridge nobr -Session $h -Confirm:$false -Verbose");
        Assert.Empty(absent.Errors); // desired state "absent" already holds
        Assert.Contains(absent.Verbose, v => v.Contains("nothing to change"));
        Assert.Equal(ErrorIds.LinuxBridgeNotFound, _ps.Run("Remove-LinuxBridgePort nobr xv0 -Session $h").ErrorId());
    }

    [RootTheory]
    [InlineData("New-LinuxBridge 'br0;reboot' -Session $h", "br0;reboot")]
    [InlineData("New-LinuxBridge averyveryverylongname -Session $h", "15 bytes")]
    [InlineData("New-LinuxBridge br0 -Address 10.0.0.1 -Session $h", "CIDR")]
    [InlineData("New-LinuxBridge br0 -Address '10.0.0.1/24; rm -rf /' -Session $h", "prefix length")]
    [InlineData("New-LinuxBridge br0 -Mtu 40 -Session $h", "68")]
    [InlineData("Add-LinuxBridgePort br0 -Interface 'x$(id)' -Session $h", "may only contain")]
    public void Bad_input_fails_at_binding_and_nothing_reaches_the_host(string script, string expected)
    {
        var before = Sh.LinkNames(_ns.Name);
        var result = _ps.Run(script);
        var ex = Assert.IsAssignableFrom<ParameterBindingException>(Assert.Single(result.Errors).Exception);
        Assert.Contains(expected, ex.Message);
        Assert.Equal(before, Sh.LinkNames(_ns.Name));
    }

    [RootFact]
    public void Several_sessions_are_changed_in_one_call()
    {
        using var other = new TempNamespace();
        var result = _ps.Run($"$g = New-XHostSession -NetworkNamespace {other.Name}; New-LinuxBridge br0 -Session $h,$g");
        Assert.Empty(result.Errors);
        Assert.Equal(new[] { $"netns:{_ns.Name}", $"netns:{other.Name}" }, result.All<LinuxBridge>().Select(b => b.Host));
        Assert.NotNull(Sh.Link(_ns.Name, "br0"));
        Assert.NotNull(Sh.Link(other.Name, "br0"));
    }

    [RootFact]
    public void A_change_that_fails_on_the_host_says_what_was_applied_and_what_was_not()
    {
        // The kernel refuses an IPv6 address on a link whose MTU is below IPv6's minimum of 1280.
        var result = _ps.Run("New-LinuxBridge br0 -Mtu 1000 -Address fd00:200::1/64,10.200.10.1/24 -Session $h");
        var error = Assert.Single(result.Errors);
        Assert.Equal(ErrorIds.HostChangePartiallyApplied, error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("'ip address add fd00:200::1/64 dev br0' failed with exit code 2: RTNETLINK answers: Invalid argument", error.Exception.Message);
        Assert.Contains("Already applied on the host (not rolled back): ip link add name br0 type bridge; ip link set dev br0 mtu 1000.", error.Exception.Message);
        Assert.Contains("Not run: ip address add 10.200.10.1/24 dev br0; ip link set dev br0 up", error.Exception.Message);
        var link = Sh.Link(_ns.Name, "br0")!.Value; // exactly the applied part is there
        Assert.Equal(1000, link.GetProperty("mtu").GetInt32());
        Assert.Empty(Sh.Addresses(link));
    }

    [RootFact]
    public void Bridge_names_complete_from_the_sessions_host()
    {
        _ps.Run("New-LinuxBridge brcomp0 -Session $h; New-LinuxBridge brcomp1 -Session $h; New-LinuxBridge other0 -Session $h");
        const string line = "Remove-LinuxBridge -Session $h -Name brc";
        var completions = _ps.Run($"(TabExpansion2 -inputScript '{line}' -cursorColumn {line.Length}).CompletionMatches | ForEach-Object CompletionText");
        Assert.Empty(completions.Errors);
        Assert.Equal(new[] { "brcomp0", "brcomp1" }, completions.Output.Select(o => o.ToString()).OrderBy(n => n));
    }

    public void Dispose()
    {
        _ps.Dispose();
        if (Root.IsRoot) _ns.Dispose();
    }
}
