using XHostNet.Execution;
using XHostNet.Linux;
using XHostNet.Sessions;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Ssh;

/// <summary>Sessions over SSH against a real OpenSSH server (see <see cref="SshServer"/>).</summary>
public sealed class SshSessionTests : IClassFixture<SshServer>, IDisposable
{
    private readonly SshServer _server;
    private readonly PowerShellRunner _ps = new();
    private readonly string _knownHosts;

    public SshSessionTests(SshServer server)
    {
        _server = server;
        _knownHosts = Path.Combine(Path.GetTempPath(), "xhn-kh-" + Guid.NewGuid().ToString("N"));
        _ps.Set("ip", server.Address);
        _ps.Set("rootKey", server.RootKey);
        _ps.Set("fp", server.HostKeyFingerprint);
        _ps.Set("kh", _knownHosts);
    }

    private PsResult Connect(string extra) =>
        _ps.Run($"$s = New-XHostSession -HostName $ip -UserName root -KeyFile $rootKey {extra}; if ($s) {{ $s }}");

    [RootFact]
    public void A_pinned_fingerprint_connects_and_commands_run_with_exit_codes_and_quoting_intact()
    {
        var session = Connect("-HostKeyFingerprint $fp").Single<XHostSession>();
        Assert.Equal(XHostSessionKind.Ssh, session.Kind);
        Assert.Equal(_server.HostKeyFingerprint, session.HostKeyFingerprint);
        Assert.Equal(Elevation.None, session.Elevation);

        Assert.Equal("0\n", _ps.Run("Invoke-XHostCommand -Session $s id -u").Single<CommandResult>().StandardOutput);
        foreach (var hostile in new[] { "it's", "$(touch /tmp/xhn-ssh-pwned)", "`id`", "a;b|c&&d", "line1\nline2", "ünï ✓", "*" })
        {
            _ps.Set("arg", hostile);
            var echoed = _ps.Run("Invoke-XHostCommand -Session $s printf '<%s>' $arg").Single<CommandResult>();
            Assert.Equal($"<{hostile}>", echoed.StandardOutput);
        }
        Assert.False(File.Exists("/tmp/xhn-ssh-pwned"));

        var failed = _ps.Run("Invoke-XHostCommand -Session $s -- sh -c 'echo remote-err >&2; exit 5'");
        Assert.Equal(ErrorIds.HostCommandFailed, failed.ErrorId());
        Assert.Same(_ps.Run("$s").Single<XHostSession>(), failed.Errors[0].TargetObject);
        var result = Assert.IsType<HostCommandException>(failed.Errors[0].Exception).Result;
        Assert.Equal(5, result.ExitCode);
        Assert.Equal("remote-err\n", result.StandardError);
        Assert.Contains($"ssh:root@{_server.Address}:22", failed.Errors[0].Exception.Message);
    }

    [RootFact]
    public async Task Commands_and_batches_run_under_C_although_every_login_here_is_German()
    {
        // The server's sshd gives every login LC_ALL, LANG, LC_MESSAGES and LANGUAGE in German (SetEnv).
        var root = Connect("-HostKeyFingerprint $fp").Single<XHostSession>();
        _ps.Set("sudoKey", _server.SudoKey);
        _ps.Set("phrase", Secure("secret phrase"));
        var sudo = _ps.Run("New-XHostSession -HostName $ip -UserName xhnsudo -KeyFile $sudoKey -KeyPassphrase $phrase -HostKeyFingerprint $fp").Single<XHostSession>();
        // sudo resets the environment (env_reset), so its command's control message has no German left to show.
        foreach (var (session, translated) in new[] { (root, _server.HasGermanTranslations), (sudo, false) })
        {
            CLocaleProbe.AssertRanUnderC(await session.RunAsync(CLocaleProbe.Argv, CancellationToken.None), translated);
            var batch = await CommandBatch.RunAsync(session.Executor, new[] { CLocaleProbe.Argv }, stopOnError: true, TimeSpan.FromSeconds(30), CancellationToken.None);
            CLocaleProbe.AssertRanUnderC(Assert.Single(batch.Results), translated);
        }
    }

    [RootFact]
    public void An_unknown_host_key_is_refused_with_the_presented_fingerprint()
    {
        File.WriteAllText(_knownHosts, "");
        var result = Connect("-KnownHostsFile $kh");
        Assert.Equal(ErrorIds.HostKeyNotTrusted, result.ErrorId());
        Assert.Contains(_server.HostKeyFingerprint, result.Errors[0].Exception.Message);
        Assert.Contains("-AcceptNewHostKey", result.Errors[0].Exception.Message);
        Assert.Empty(result.Output);
    }

    [RootFact]
    public void A_wrong_pinned_fingerprint_is_refused()
    {
        _ps.Set("other", _server.OtherFingerprint);
        var result = Connect("-HostKeyFingerprint $other");
        Assert.Equal(ErrorIds.HostKeyNotTrusted, result.ErrorId());
        Assert.Contains(_server.HostKeyFingerprint, result.Errors[0].Exception.Message);
        Assert.Contains(_server.OtherFingerprint, result.Errors[0].Exception.Message);
    }

    [RootFact]
    public void A_hashed_known_hosts_entry_is_trusted_and_a_changed_key_is_refused_even_with_accept_new()
    {
        File.WriteAllText(_knownHosts, $"{_server.Address} {_server.HostPublicKeyLine}\n");
        Sh.Ok("ssh-keygen", "-H", "-f", _knownHosts);
        Assert.Empty(Connect("-KnownHostsFile $kh").Errors);

        File.WriteAllText(_knownHosts, $"{_server.Address} {_server.OtherPublicKeyLine}\n");
        var changed = Connect("-KnownHostsFile $kh -AcceptNewHostKey");
        Assert.Equal(ErrorIds.HostKeyNotTrusted, changed.ErrorId());
        Assert.Contains("CHANGED", changed.Errors[0].Exception.Message);
        Assert.Contains(_server.HostKeyFingerprint, changed.Errors[0].Exception.Message);
    }

    [RootFact]
    public void Accept_new_records_the_key_and_the_next_connect_trusts_it()
    {
        var first = Connect("-KnownHostsFile $kh -AcceptNewHostKey");
        Assert.Empty(first.Errors);
        Assert.Contains("ssh-ed25519", Sh.Ok("ssh-keygen", "-F", _server.Address, "-f", _knownHosts));
        Assert.Empty(Connect("-KnownHostsFile $kh").Errors);
    }

    [RootFact]
    public void A_non_root_user_gets_root_through_passwordless_sudo()
    {
        _ps.Set("sudoKey", _server.SudoKey);
        _ps.Set("phrase", Secure("secret phrase")); // the key file is encrypted
        var result = _ps.Run("$u = New-XHostSession -HostName $ip -UserName xhnsudo -KeyFile $sudoKey -KeyPassphrase $phrase -HostKeyFingerprint $fp; $u");
        Assert.Empty(result.Errors);
        Assert.Equal(Elevation.SudoNoPassword, result.Single<XHostSession>().Elevation);
        Assert.Equal("0\n", _ps.Run("Invoke-XHostCommand -Session $u id -u").Single<CommandResult>().StandardOutput);
        AssertBridgeRoundTrip("$u", "xsudo0");
    }

    // A change (one batch script on stdin) and a read, through the session's sudo, checked in the server's namespace.
    private void AssertBridgeRoundTrip(string session, string name)
    {
        try
        {
            var made = _ps.Run($"New-LinuxBridge {name} -Address 10.206.252.1/24 -Session {session}");
            Assert.Empty(made.Errors);
            Assert.Equal(new[] { "10.206.252.1/24" }, Sh.Addresses(Sh.Link(_server.NamespaceName, name)!.Value));
            Assert.Empty(_ps.Run($"Remove-LinuxBridge {name} -Session {session} -Confirm:$false").Errors);
            Assert.Null(Sh.Link(_server.NamespaceName, name));
        }
        finally
        {
            Sh.Run("ip", "-n", _server.NamespaceName, "link", "delete", name);
        }
    }

    [RootFact]
    public void A_password_user_gets_sudo_with_the_password_on_stdin_never_on_a_command_line()
    {
        _ps.Set("cred", new System.Management.Automation.PSCredential("xhnpw", Secure(SshServer.Password)));
        var session = _ps.Run("$p = New-XHostSession -HostName $ip -Credential $cred -HostKeyFingerprint $fp; $p").Single<XHostSession>();
        Assert.Equal(Elevation.SudoWithPassword, session.Elevation);
        Assert.Equal("0\n", _ps.Run("Invoke-XHostCommand -Session $p id -u").Single<CommandResult>().StandardOutput);
        // The password line is consumed by sudo; the command's own input arrives untouched.
        Assert.Equal("payload\n", _ps.Run("Invoke-XHostCommand -Session $p cat -InputString \"payload`n\"").Single<CommandResult>().StandardOutput);
        // While commands run, no process on the machine carries the password in its argv.
        var argv = _ps.Run("Invoke-XHostCommand -Session $p -- sh -c 'cat /proc/[0-9]*/cmdline 2>/dev/null | tr \"\\000\" \" \"'").Single<CommandResult>();
        Assert.Contains("cmdline", argv.StandardOutput);
        Assert.DoesNotContain(SshServer.Password, argv.StandardOutput);
        AssertBridgeRoundTrip("$p", "xpw0");

        _ps.Set("bad", new System.Management.Automation.PSCredential("xhnpw", Secure("wrong")));
        Assert.Equal(ErrorIds.HostConnectionFailed, _ps.Run("New-XHostSession -HostName $ip -Credential $bad -HostKeyFingerprint $fp").ErrorId());
    }

    [RootFact]
    public void A_password_that_sudo_does_not_ask_for_never_reaches_a_shell_or_a_command()
    {
        // xhnnp logs in with a password holding shell code and a quote, and has passwordless sudo. Before, the
        // password line went first on every command's stdin: sudo did not read it, so sh -s ran it as root.
        _ps.Set("cred", new System.Management.Automation.PSCredential("xhnnp", Secure(_server.HostilePassword)));
        var session = _ps.Run("$n = New-XHostSession -HostName $ip -Credential $cred -HostKeyFingerprint $fp; $n").Single<XHostSession>();
        Assert.Equal(Elevation.SudoWithPassword, session.Elevation);
        Assert.Equal("0\n", _ps.Run("Invoke-XHostCommand -Session $n id -u").Single<CommandResult>().StandardOutput);
        Assert.Equal("", _ps.Run("Invoke-XHostCommand -Session $n cat").Single<CommandResult>().StandardOutput);
        Assert.Equal("payload\n", _ps.Run("Invoke-XHostCommand -Session $n cat -InputString \"payload`n\"").Single<CommandResult>().StandardOutput);
        AssertBridgeRoundTrip("$n", "xnp0"); // a batch: one sh -s script on stdin
        Assert.False(File.Exists(_server.PwnedFile));
    }

    [RootFact]
    public void A_password_sudo_rejects_fails_clearly_and_is_not_sent_twice()
    {
        // sudo asks xhnrp for root's password (rootpw): the login password is wrong there. The executor answers the
        // first prompt only, then ends the input, so sudo fails at once instead of waiting or reading anything else.
        _ps.Set("cred", new System.Management.Automation.PSCredential("xhnrp", Secure(SshServer.Password)));
        Assert.Empty(_ps.Run("$r = New-XHostSession -HostName $ip -Credential $cred -HostKeyFingerprint $fp").Errors);
        var failed = _ps.Run("Invoke-XHostCommand -Session $r -TimeoutSeconds 30 id -u");
        Assert.Equal(ErrorIds.HostCommandFailed, failed.ErrorId());
        var result = Assert.IsType<HostCommandException>(failed.Errors[0].Exception).Result;
        Assert.NotEqual(0, result.ExitCode);
        Assert.False(result.TimedOut);
        Assert.Contains("incorrect password", result.StandardError);
        Assert.DoesNotContain("@@xhostnet", result.StandardError);
        Assert.DoesNotContain(SshServer.Password, failed.Errors[0].Exception.Message);
    }

    [RootFact]
    public void Stopping_a_command_ends_it_on_the_remote_host()
    {
        Assert.Empty(Connect("-HostKeyFingerprint $fp").Errors); // never go on with $s unset (-Session $null is refused at binding)
        var marker = $"{Random.Shared.Next(100, 999)}.{Random.Shared.Next(100, 999)}";
        _ps.RunAndStop($"Invoke-XHostCommand -Session $s -- sh -c 'sleep {marker}; :'",
            () => Sh.Running($"sleep {marker}"), TimeSpan.FromSeconds(60));
        Assert.Empty(Sh.WaitUntilNoProcess($"sleep {marker}", TimeSpan.FromSeconds(30)));
        Assert.Equal("0\n", _ps.Run("Invoke-XHostCommand -Session $s id -u").Single<CommandResult>().StandardOutput); // the session goes on
    }

    [RootFact]
    public void Stopping_a_sudo_command_ends_it_on_the_remote_host()
    {
        _ps.Set("cred", new System.Management.Automation.PSCredential("xhnpw", Secure(SshServer.Password)));
        Assert.Empty(_ps.Run("$p = New-XHostSession -HostName $ip -Credential $cred -HostKeyFingerprint $fp").Errors);
        var marker = $"{Random.Shared.Next(100, 999)}.{Random.Shared.Next(100, 999)}";
        _ps.RunAndStop($"Invoke-XHostCommand -Session $p -- sh -c 'sleep {marker}; :'",
            () => Sh.Running($"sleep {marker}"), TimeSpan.FromSeconds(60));
        Assert.Empty(Sh.WaitUntilNoProcess($"sleep {marker}", TimeSpan.FromSeconds(30)));
    }

    [RootFact]
    public void A_dropped_connection_ends_the_remote_command_and_closes_the_session()
    {
        var session = Connect("-HostKeyFingerprint $fp").Single<XHostSession>();
        var marker = $"{Random.Shared.Next(100, 999)}.{Random.Shared.Next(100, 999)}";
        var run = Task.Run(() => _ps.Run($"Invoke-XHostCommand -Session $s -- sh -c 'sleep {marker}; :'"));
        Assert.NotEmpty(Sh.WaitUntilProcess($"sleep {marker}", TimeSpan.FromSeconds(60)));
        _server.DropConnections();
        Assert.Empty(Sh.WaitUntilNoProcess($"sleep {marker}", TimeSpan.FromSeconds(30)));
        Assert.True(run.Wait(TimeSpan.FromSeconds(60)));
        Assert.Equal(ErrorIds.SessionClosed, run.Result.ErrorId());
        Assert.False(session.IsOpen);
        var next = _ps.Run("Invoke-XHostCommand -Session $s true");
        Assert.Equal(ErrorIds.SessionClosed, next.ErrorId());
        Assert.Contains("New-XHostSession", next.Errors[0].Exception.Message);
    }

    [RootFact]
    public void The_timeout_is_enforced_on_the_remote_host()
    {
        Assert.Empty(Connect("-HostKeyFingerprint $fp").Errors); // never go on with $s unset (-Session $null is refused at binding)
        var marker = $"{Random.Shared.Next(100, 999)}.{Random.Shared.Next(100, 999)}";
        var result = _ps.Run($"Invoke-XHostCommand -Session $s -TimeoutSeconds 1 sleep {marker}");
        Assert.Equal(System.Management.Automation.ErrorCategory.OperationTimeout, Assert.Single(result.Errors).CategoryInfo.Category);
        // Namespaces share the PID space: the remote sleep must be gone from the whole machine.
        Assert.DoesNotContain($"sleep {marker}", Sh.Ok("ps", "-eo", "args"));
    }

    [RootFact]
    public void A_closed_port_is_a_connection_error()
    {
        var result = _ps.Run("New-XHostSession -HostName $ip -Port 2 -UserName root -KeyFile $rootKey -HostKeyFingerprint $fp -ConnectTimeoutSeconds 3");
        Assert.Equal(ErrorIds.HostConnectionFailed, result.ErrorId());
        Assert.Equal(System.Management.Automation.ErrorCategory.ConnectionError, result.Errors[0].CategoryInfo.Category);
    }

    [RootFact]
    public void Bridge_cmdlets_change_the_remote_host_over_ssh()
    {
        Assert.Empty(Connect("-HostKeyFingerprint $fp").Errors); // never go on with $s unset (-Session $null is refused at binding)
        var bridge = _ps.Run("New-LinuxBridge xbr0 -Address 10.206.250.1/24 -Session $s").Single<LinuxBridge>();
        try
        {
            Assert.Equal($"ssh:root@{_server.Address}:22", bridge.Host);
            var link = Sh.Link(_server.NamespaceName, "xbr0")!.Value;
            Assert.Equal(new[] { "10.206.250.1/24" }, Sh.Addresses(link));
            Assert.Empty(_ps.Run("Get-LinuxBridge xbr0 -Session $s | Remove-LinuxBridge -Confirm:$false").Errors);
            Assert.Null(Sh.Link(_server.NamespaceName, "xbr0"));
        }
        finally
        {
            Sh.Run("ip", "-n", _server.NamespaceName, "link", "delete", "xbr0");
        }
    }

    [RootFact]
    public void The_bridge_runbook_passes_over_ssh_with_a_pinned_fingerprint()
    {
        Assert.Empty(Connect("-HostKeyFingerprint $fp").Errors); // never go on with $s unset (-Session $null is refused at binding)
        _ps.Set("runbook", Path.Combine(Repo.RootDir, "tests", "scenarios", "linux-bridge.ps1"));
        var result = _ps.Run("& $runbook -Session $s -Address 10.206.251.1/24");
        Assert.Empty(result.Errors);
        Assert.Equal($"ssh:root@{_server.Address}:22", result.Single<LinuxBridge>().Host);
        Assert.Null(Sh.Link(_server.NamespaceName, "br0"));
    }

    private static System.Security.SecureString Secure(string text)
    {
        var s = new System.Security.SecureString();
        foreach (var c in text) s.AppendChar(c);
        return s;
    }

    public void Dispose()
    {
        _ps.Run("Get-XHostSession | Remove-XHostSession");
        _ps.Dispose();
        File.Delete(_knownHosts);
        File.Delete(_knownHosts + ".old"); // ssh-keygen -H keeps the unhashed file there
    }
}
