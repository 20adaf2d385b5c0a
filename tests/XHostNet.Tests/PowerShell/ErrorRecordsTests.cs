using System.Management.Automation;
using XHostNet.Docker;
using XHostNet.Execution;
using XHostNet.Linux;
using XHostNet.PowerShell;
using XHostNet.Sessions;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.PowerShell;

/// <summary>One rule for TargetObject: the item or host being worked on, whatever the exception; never the CommandResult.</summary>
public sealed class ErrorRecordsTests : IDisposable
{
    private readonly PowerShellRunner _ps = new();

    private static readonly CommandResult Failed = new("h1", new[] { "ip", "link", "add", "br0", "type", "bridge" }, 2, "", "RTNETLINK answers: Operation not permitted", TimeSpan.Zero);

    public static TheoryData<Exception, string, ErrorCategory> Exceptions() => new()
    {
        { new XHostException(XHostErrorKind.NotFound, ErrorIds.LinuxBridgeNotFound, "no br0"), ErrorIds.LinuxBridgeNotFound, ErrorCategory.ObjectNotFound },
        { new HostCommandException(Failed), ErrorIds.HostCommandFailed, ErrorCategory.PermissionDenied },
        { new PartialChangeException(Failed, Array.Empty<CommandResult>(), Array.Empty<string>()), ErrorIds.HostChangePartiallyApplied, ErrorCategory.PermissionDenied },
        { new SessionClosedException("h1", "gone"), ErrorIds.SessionClosed, ErrorCategory.ConnectionError },
        { new HostConnectionException("h1", "refused"), ErrorIds.HostConnectionFailed, ErrorCategory.ConnectionError },
        { new HostKeyException("h1", "SHA256:x", "unknown key"), ErrorIds.HostKeyNotTrusted, ErrorCategory.SecurityError },
        { new ObjectDisposedException("session"), ErrorIds.SessionRemoved, ErrorCategory.InvalidOperation },
        { new AggregateException(new SessionClosedException("h1", "gone")), ErrorIds.SessionClosed, ErrorCategory.ConnectionError },
        { new InvalidOperationException("a defect"), ErrorIds.UnexpectedError, ErrorCategory.NotSpecified },
    };

    [Theory]
    [MemberData(nameof(Exceptions))]
    public void Every_exception_gets_its_id_its_category_and_the_callers_target(Exception ex, string id, ErrorCategory category)
    {
        var session = new XHostSession();
        var record = ErrorRecords.From(ex, session);
        Assert.Equal(id, record.FullyQualifiedErrorId);
        Assert.Equal(category, record.CategoryInfo.Category);
        Assert.Same(session, record.TargetObject);
    }

    [Fact]
    public void A_per_item_failure_targets_the_item()
    {
        var missing = _ps.Run("Get-LinuxBridge xhn-nosuch0");
        Assert.Equal(ErrorIds.LinuxBridgeNotFound, missing.ErrorId());
        Assert.Equal("xhn-nosuch0", missing.Errors[0].TargetObject);

        // A container is the item too, even when its host cannot be asked (a Docker endpoint nobody listens on).
        var container = _ps.Run("$d = New-XHostSession -Name xhn-target-docker -DockerHost unix:///nonexistent/xhn.sock; " +
                                "Get-ContainerNetwork xhn-noctr -Session $d; Remove-XHostSession $d");
        Assert.Equal("xhn-noctr", Assert.Single(container.Errors).TargetObject);
    }

    [Fact]
    public void A_host_failure_targets_the_hosts_session_and_keeps_the_command_result_on_the_exception()
    {
        var failed = _ps.Run("$s = New-XHostSession -Name xhn-target-test; Invoke-XHostCommand -Session $s -- sh -c 'echo no >&2; exit 3'");
        Assert.Equal(ErrorIds.HostCommandFailed, failed.ErrorId());
        Assert.Same(_ps.Run("$s").Single<XHostSession>(), failed.Errors[0].TargetObject);
        var result = Assert.IsType<HostCommandException>(failed.Errors[0].Exception).Result;
        Assert.Equal((3, "no\n"), (result.ExitCode, result.StandardError));

        // A closed session is a failure of its host too.
        var removed = _ps.Run("Remove-XHostSession $s; Get-LinuxBridge -Session $s");
        Assert.Equal(ErrorIds.SessionRemoved, removed.ErrorId());
        Assert.IsType<XHostSession>(removed.Errors[0].TargetObject);
    }

    [Fact]
    public void A_refusal_before_any_host_targets_the_refused_value_or_the_settings_it_makes()
    {
        var bip = Refusal("Set-DockerBridge -Bip 10.201.15.0/24 -WhatIf");
        Assert.Equal(ErrorIds.BipIsNetworkAddress, bip.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal("10.201.15.0/24", Assert.IsType<InterfaceAddress>(bip.TargetObject).ToString());

        var fingerprint = Refusal("New-XHostSession -HostName 10.201.0.9 -HostKeyFingerprint SHA256:short");
        Assert.Equal(ErrorIds.InvalidHostKeyFingerprint, fingerprint.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal("SHA256:short", fingerprint.TargetObject);

        // Passes binding, refused by the settings' own check: the target is the settings, not nothing.
        var pool = Refusal("Set-DockerBridge -DefaultAddressPool 'base=10.210.0.0/16,size=8' -WhatIf");
        Assert.Equal(ErrorIds.DockerAddressPoolInvalid, pool.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(new[] { "base=10.210.0.0/16,size=8" }, Assert.IsType<DockerBridgeSpec>(pool.TargetObject).DefaultAddressPools);
    }

    /// <summary>The error the script stopped with (a terminating error ends the statement).</summary>
    private ErrorRecord Refusal(string script)
    {
        var result = _ps.Run($"try {{ {script} }} catch {{ $_ }}");
        return Assert.Single(result.Output.Select(o => o.BaseObject).OfType<ErrorRecord>().Concat(result.Errors));
    }

    public void Dispose() => _ps.Dispose();
}
