using System.Management.Automation;
using XHostNet.Execution;
using XHostNet.Sessions;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Commands;

public sealed class SessionCmdletTests : IDisposable
{
    private readonly PowerShellRunner _ps = new();

    [Fact]
    public void Local_sessions_are_registered_found_and_removed()
    {
        var made = _ps.Run("New-XHostSession -Name 'xhn-local-test' -OvsDatabase unix:/usr/local/var/run/openvswitch/db.sock -DockerHost unix:///run/xhn.sock -CommandTimeoutSeconds 5")
            .Single<XHostSession>();
        Assert.Equal(XHostSessionKind.Local, made.Kind);
        Assert.Equal("unix:/usr/local/var/run/openvswitch/db.sock", made.OvsDatabase);
        Assert.Equal("unix:///run/xhn.sock", made.DockerHost);
        Assert.Equal(TimeSpan.FromSeconds(5), made.CommandTimeout);
        Assert.Same(made, _ps.Run("Get-XHostSession xhn-local-*").Single<XHostSession>());
        Assert.Same(made, _ps.Run($"Get-XHostSession -Id {made.Id}").Single<XHostSession>());
        Assert.Empty(_ps.Run("Get-XHostSession -Name xhn-local-test | Remove-XHostSession").Errors);
        Assert.Equal(ErrorIds.SessionNotFound, Assert.Single(_ps.Run("Get-XHostSession -Name xhn-local-test").Errors).FullyQualifiedErrorId.Split(',')[0]);
        Assert.False(made.IsOpen);
    }

    [Fact]
    public void Sessions_are_kept_per_runspace_and_closed_with_it()
    {
        var mine = _ps.Run("New-XHostSession -Name xhn-scope").Single<XHostSession>();
        XHostSession theirs;
        using (var other = new PowerShellRunner())
        {
            theirs = other.Run("New-XHostSession -Name xhn-scope").Single<XHostSession>();
            Assert.Same(theirs, other.Run("Get-XHostSession xhn-scope").Single<XHostSession>());
        }
        Assert.False(theirs.IsOpen); // closed with its runspace
        Assert.Same(mine, _ps.Run("Get-XHostSession xhn-scope").Single<XHostSession>());
        Assert.True(mine.IsOpen);
    }

    [RootFact]
    public void Piping_a_session_binds_the_session_not_its_name()
    {
        using var ns = new TempNamespace();
        var result = _ps.Run($"$n = New-XHostSession -NetworkNamespace {ns.Name} -Name lab1; $n | New-LinuxBridge br0; $n | Get-LinuxBridge");
        Assert.Empty(result.Errors);
        Assert.All(result.All<XHostNet.Linux.LinuxBridge>(), b => Assert.Equal($"netns:{ns.Name}", b.Host));
        Assert.NotNull(Sh.Link(ns.Name, "br0"));
    }

    [Fact]
    public void The_shared_local_session_cannot_be_removed()
    {
        var result = _ps.Run("$x = [XHostNet.Sessions.XHostSession]::new(); Remove-XHostSession $x; Invoke-XHostCommand true");
        Assert.Equal(ErrorIds.SessionNotRegistered, Assert.Single(result.Errors).FullyQualifiedErrorId.Split(',')[0]);
        Assert.Single(result.Output);
    }

    [Fact]
    public void Invoke_XHostCommand_returns_results_and_raises_non_zero_exits_as_errors()
    {
        var ok = _ps.Run("Invoke-XHostCommand printf '%s' 'it''s $(not expanded)'").Single<CommandResult>();
        Assert.Equal("it's $(not expanded)", ok.StandardOutput);
        Assert.Equal("local", ok.Host);

        var failed = _ps.Run("Invoke-XHostCommand -- sh -c 'echo nope >&2; exit 4'");
        Assert.Empty(failed.Output);
        var error = Assert.Single(failed.Errors);
        Assert.Equal(ErrorIds.HostCommandFailed + ",XHostNet.Commands.InvokeXHostCommandCommand", error.FullyQualifiedErrorId);
        // TargetObject is the host worked on (its session); the failed command's result is on the exception.
        Assert.Equal("local", Assert.IsType<XHostSession>(error.TargetObject).Host);
        Assert.Equal(4, Assert.IsType<HostCommandException>(error.Exception).Result.ExitCode);
        Assert.Contains("nope", error.Exception.Message);
        Assert.Contains("exit code 4", error.Exception.Message);

        var ignored = _ps.Run("Invoke-XHostCommand -IgnoreExitCode -- sh -c 'exit 4'");
        Assert.Empty(ignored.Errors);
        Assert.Equal(4, ignored.Single<CommandResult>().ExitCode);

        var input = _ps.Run("Invoke-XHostCommand cat -InputString 'from stdin'").Single<CommandResult>();
        Assert.Equal("from stdin", input.StandardOutput);

        var timedOut = _ps.Run("Invoke-XHostCommand sleep 20 -TimeoutSeconds 1");
        Assert.Equal(ErrorCategory.OperationTimeout, Assert.Single(timedOut.Errors).CategoryInfo.Category);

        var whatIf = _ps.Run("Invoke-XHostCommand touch /tmp/xhn-never -WhatIf");
        Assert.Contains("touch /tmp/xhn-never", whatIf.HostText);
        Assert.False(File.Exists("/tmp/xhn-never"));
    }

    [RootFact]
    public void A_namespace_session_runs_inside_the_namespace_and_a_missing_one_is_refused()
    {
        using var ns = new TempNamespace();
        ns.Exec("ip", "link", "add", "xmark0", "type", "veth", "peer", "name", "xmark1");
        var result = _ps.Run($"$n = New-XHostSession -NetworkNamespace {ns.Name}; Invoke-XHostCommand -Session $n ip -j link show xmark0").Single<CommandResult>();
        Assert.Contains("xmark0", result.StandardOutput);
        Assert.Equal($"netns:{ns.Name}", result.Host);

        var missing = _ps.Run("New-XHostSession -NetworkNamespace xhn-no-such-ns");
        Assert.Equal(ErrorIds.NetworkNamespaceNotFound, missing.ErrorId());
        Assert.Empty(missing.Output);
    }

    [Theory]
    [InlineData("New-XHostSession -NetworkNamespace 'a b'")]
    [InlineData("New-XHostSession -HostName 'host;reboot'")]
    [InlineData("New-XHostSession -HostName h -Port 70000")]
    [InlineData("New-XHostSession -OvsDatabase '/tmp/db.sock'")]
    [InlineData("New-XHostSession -DockerHost 'docker.sock'")]
    [InlineData("New-XHostSession -HostName h -UserName 'root;id'")]
    public void Bad_session_parameters_fail_at_binding(string script)
    {
        var result = _ps.Run(script);
        Assert.IsAssignableFrom<ParameterBindingException>(Assert.Single(result.Errors).Exception);
        Assert.Empty(result.Output);
    }

    [Theory]
    [InlineData("New-XHostSession -HostName 10.200.0.1 -HostKeyFingerprint SHA256:tooshort", ErrorIds.InvalidHostKeyFingerprint)]
    [InlineData("New-XHostSession -HostName 10.200.0.1 -HostKeyFingerprint SHA256:ohD8VZEXGWo6Ez8GSEJQ9WpafgLFsOfLOtGGQCQo6Og -AcceptNewHostKey", ErrorIds.HostKeyOptionsConflict)]
    [InlineData("New-XHostSession -HostName 10.200.0.1 -KeyFile /nonexistent/id_ed25519", ErrorIds.KeyFileNotFound)]
    public void Inconsistent_ssh_options_are_refused_before_connecting(string script, string errorId)
    {
        var result = _ps.Run(script);
        Assert.Equal(errorId, result.ErrorId());
        Assert.Empty(result.Output);
    }

    public void Dispose() => _ps.Dispose();
}
