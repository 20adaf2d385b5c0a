using System.Management.Automation;
using System.Reflection;
using System.Text.RegularExpressions;
using XHostNet.Execution;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.PowerShell;

/// <summary>
/// Hostile and odd input refused at parameter binding (issue 10, items 4, 5, 7, 9, 12). Commands that would act on a
/// host without the check run with -WhatIf or against an unreachable endpoint, so even a regression changes nothing.
/// </summary>
public sealed class InputValidationCmdletTests : IDisposable
{
    private readonly PowerShellRunner _ps = new();

    /// <summary>The error the script stopped with (binding errors end the statement); fails when there was none.</summary>
    private ErrorRecord Refusal(string script)
    {
        var result = _ps.Run($"try {{ {script} }} catch {{ $_ }}");
        var caught = result.Output.Select(o => o.BaseObject).OfType<ErrorRecord>().FirstOrDefault() ?? result.Errors.FirstOrDefault();
        Assert.True(caught != null, $"no error from: {script}");
        return caught!;
    }

    private void AssertBindingRefused(string script, string expected)
    {
        var error = Refusal(script);
        // ParameterArgumentTransformationError / ParameterArgumentValidationError: refused while binding, before the cmdlet ran.
        Assert.StartsWith("ParameterArgument", error.FullyQualifiedErrorId);
        Assert.Contains(expected, error.Exception.Message);
    }

    [Theory]
    [InlineData("New-LinuxBridge xhnv0 -Address 10.246.010.1/24 -WhatIf", "10.246.010.1")]
    [InlineData("New-LinuxBridge xhnv0 -Address 1/8 -WhatIf", "'1'")]
    [InlineData("Add-ContainerRoute 10.246.010.0/24 10.200.0.2 -WhatIf", "10.246.010.0")]
    [InlineData("Add-ContainerRoute 10.246.10.0/24 010.200.0.2 -WhatIf", "010.200.0.2")]
    [InlineData("Add-ContainerRoute 10.246.10.0/24 1 -WhatIf", "'1'")]
    [InlineData("Remove-ContainerRoute 10.246.10.0/24 -Gateway 10.200.2562 -WhatIf", "10.200.2562")]
    [InlineData("Add-VxlanTunnel vxv0 -Bridge xhnv0 -RemoteAddress 010.246.10.2 -WhatIf", "010.246.10.2")]
    [InlineData("Add-GreTunnel grev0 -Bridge xhnv0 -RemoteAddress 10.246.10.2 -LocalAddress 10.246.2562 -WhatIf", "10.246.2562")]
    [InlineData("Find-ContainerRoute 10.246.10.2, 010.246.10.2", "010.246.10.2")]
    [InlineData("Find-ContainerRoute 167772161", "167772161")]
    [InlineData("New-ContainerSubnetPlan 10.246.0.0/16 24 -HostName a -SubnetMin 10.246.010.0", "10.246.010.0")]
    [InlineData("New-XHostLab 1 -Network 10.246.010.0/24 -WhatIf", "10.246.010.0")]
    [InlineData("New-XHostLab 1 -ContainerSubnet 10.246.010.0/24 -WhatIf", "10.246.010.0")]
    [InlineData("Connect-ContainerNetwork xc -Bridge xhnv0 -Address 10.246.10.2/24 -Gateway 10.246.010.1 -WhatIf", "10.246.010.1")]
    [InlineData("Get-ContainerRoute -Destination 10.246.010.0/24", "10.246.010.0")]
    public void Legacy_ipv4_forms_are_refused_at_binding_not_reinterpreted(string script, string named) =>
        AssertBindingRefused(script, named);

    [Fact]
    public void An_exclusion_in_a_legacy_form_is_refused_not_reinterpreted()
    {
        var error = Refusal("New-ContainerSubnetPlan 10.246.0.0/16 24 -HostName a -Exclude 10.246.010.0/24");
        Assert.Equal(ErrorIds.ExclusionInvalid, error.FullyQualifiedErrorId.Split(',')[0]);
    }

    [Theory]
    [InlineData("010.246.10.2")]    // ping reads it as 8.246.10.2
    [InlineData("1")]               // … as 0.0.0.1
    [InlineData("10.246.2562")]     // … as 10.246.10.2
    [InlineData("0x0a.1.1.1")]
    [InlineData("10.246.010.2/24")]
    [InlineData("hKst")]       // a Kelvin sign in a host name
    [InlineData("host`n")]
    public void Reachability_targets_in_legacy_forms_are_refused_before_any_ping(string target)
    {
        var error = Refusal($"Test-ContainerReachability \"{target}\" -Count 1 -TimeoutSeconds 1");
        Assert.Equal(ErrorIds.ReachabilityTargetInvalid, error.FullyQualifiedErrorId.Split(',')[0]);
    }

    [Fact]
    public void Proper_addresses_still_bind()
    {
        var plan = _ps.Run("New-ContainerSubnetPlan 10.246.0.0/16 24 -HostName a, b -SubnetMin 10.246.10.0 -Exclude 10.246.10.1");
        Assert.Empty(plan.Errors);
        Assert.Equal(new[] { "10.246.11.0/24", "10.246.12.0/24" }, plan.Output.Select(o => o.Properties["Subnet"].Value.ToString()));
    }

    [Theory]
    [InlineData("New-LinuxBridge xhnv0 -Address 127.0.0.1/8 -WhatIf", "loopback")]
    [InlineData("New-LinuxBridge xhnv0 -Address 224.0.0.1/24 -WhatIf", "multicast")]
    [InlineData("New-LinuxBridge xhnv0 -Address 255.255.255.255/32 -WhatIf", "255.255.255.255")]
    [InlineData("New-LinuxBridge xhnv0 -Address 0.0.0.0/0 -WhatIf", "0.0.0.0")]
    [InlineData("New-LinuxBridge xhnv0 -Address 10.200.1.1/24, ::1/128 -WhatIf", "loopback")]
    [InlineData("Connect-ContainerNetwork xc -Bridge xhnv0 -Address 224.0.0.5/24 -WhatIf", "multicast")]
    [InlineData("Add-ContainerRoute 255.255.255.255/32 10.200.0.2 -WhatIf", "255.255.255.255/32")]
    [InlineData("Add-ContainerRoute 224.0.0.0/4 10.200.0.2 -WhatIf", "multicast")]
    [InlineData("Add-ContainerRoute 127.0.0.0/8 10.200.0.2 -WhatIf", "loopback")]
    [InlineData("New-XHostLab 1 -Network 127.0.0.0/24 -WhatIf", "loopback")]
    [InlineData("New-XHostLab 1 -ContainerSubnet 224.1.0.0/24 -WhatIf", "multicast")]
    public void Implausible_addresses_and_networks_are_refused_at_binding(string script, string reason) =>
        AssertBindingRefused(script, reason);

    [Theory]
    [InlineData("Add-GreTunnel \"xrtn`n\" -Bridge xhnv0 -RemoteAddress 10.200.0.2 -WhatIf", "xrtn")]
    [InlineData("New-LinuxBridge \"xhnv0`n\" -WhatIf", "xhnv0")]
    [InlineData("New-XHostSession -NetworkNamespace \"xhnv`n\"", "xhnv")]
    [InlineData("New-XHostSession -HostName \"localhost`n\" -Port 1 -ConnectTimeoutSeconds 1", "localhost")]
    [InlineData("New-XHostSession -HostName 127.0.0.1 -Port 1 -UserName \"root`n\" -ConnectTimeoutSeconds 1", "root")]
    [InlineData("New-XHostSession -HostName 127.0.0.1 -Port 1 -UserName \"\u212Aate\" -ConnectTimeoutSeconds 1", "ate")]   // the Kelvin sign
    [InlineData("Get-DockerBridge -ConfigPath \"/tmp/xhn-daemon.json`n\"", "xhn-daemon.json")]
    [InlineData("Get-DockerBridge -ConfigPath \"/tmp/xhn`0daemon.json\"", "daemon.json")]
    [InlineData("New-XHostSession -OvsDatabase \"unix:/run/db.sock`n\"", "db.sock")]
    [InlineData("Remove-XHostLab \"xl`n\" -WhatIf", "xl")]
    [InlineData("Get-ContainerNetwork \"c`n\"", "c")]
    public void A_trailing_newline_or_a_non_ascii_look_alike_is_refused_at_binding(string script, string named) =>
        AssertBindingRefused(script, named);

    [Fact]
    public void Every_pattern_is_anchored_at_the_very_end_and_ascii_only()
    {
        var assembly = typeof(XHostNet.XHostException).Assembly;
        var patterns = assembly.GetTypes().Where(t => typeof(Cmdlet).IsAssignableFrom(t))
            .SelectMany(t => t.GetProperties().SelectMany(p => p.GetCustomAttributes<ValidatePatternAttribute>().Select(a => (Where: $"{t.Name}.{p.Name}", a))))
            .ToList();
        Assert.NotEmpty(patterns);
        foreach (var (where, a) in patterns)
        {
            Assert.True(a.RegexPattern.StartsWith("^") && a.RegexPattern.EndsWith(@"\z"), $"{where}: {a.RegexPattern} must be anchored with ^ and \\z");
            Assert.True((a.Options & (RegexOptions.IgnoreCase | RegexOptions.Multiline)) == 0, $"{where}: IgnoreCase/Multiline let non-ASCII look-alikes or lines through");
        }
    }

    [Fact]
    public void A_known_hosts_path_that_is_a_directory_is_a_clear_error_before_connecting()
    {
        var dir = Directory.CreateTempSubdirectory("xhn-kh-");
        try
        {
            var error = Refusal($"New-XHostSession -HostName 127.0.0.1 -Port 1 -KnownHostsFile '{dir.FullName}' -AcceptNewHostKey -ConnectTimeoutSeconds 1");
            Assert.Equal(ErrorIds.KnownHostsFileUnreadable, error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.Contains("directory", error.Exception.Message);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void An_empty_argument_reaches_the_program_locally()
    {
        var result = _ps.Run("Invoke-XHostCommand printf '%s|' a '' b");
        Assert.Empty(result.Errors);
        Assert.Equal("a||b|", result.Single<CommandResult>().StandardOutput);
    }

    [RootFact]
    public void An_empty_argument_reaches_the_program_in_a_namespace()
    {
        using var ns = new TempNamespace("xhv");
        var result = _ps.Run($"Invoke-XHostCommand -Session (New-XHostSession -NetworkNamespace {ns.Name}) printf '%s|' a '' b");
        Assert.Empty(result.Errors);
        Assert.Equal("a||b|", result.Single<CommandResult>().StandardOutput);
    }

    [Fact]
    public void An_empty_program_is_refused()
    {
        var result = _ps.Run("try { Invoke-XHostCommand '' a } catch { $_ }");
        var error = result.Output.Select(o => o.BaseObject).OfType<ErrorRecord>().Single();
        Assert.Equal(ErrorIds.InvalidArgument, error.FullyQualifiedErrorId.Split(',')[0]);
    }

    public void Dispose() => _ps.Dispose();
}
