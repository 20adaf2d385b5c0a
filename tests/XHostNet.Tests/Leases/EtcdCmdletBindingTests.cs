using XHostNet.Tests.Support;

namespace XHostNet.Tests.Leases;

/// <summary>
/// Bad input to the shared-store cmdlets fails before anything is asked of etcd: at binding, or (a certificate without
/// its key) before the first call — the endpoints here would refuse, so reaching them would be EtcdUnreachable instead.
/// </summary>
public sealed class EtcdCmdletBindingTests : IDisposable
{
    private readonly PowerShellRunner _ps = new();
    private static readonly string[] Cmdlets =
    {
        "Get-ContainerSubnetLease", "Request-ContainerSubnetLease", "Remove-ContainerSubnetLease 10.204.1.0/24 -Confirm:$false",
        "Get-ContainerNetworkConfig", "Set-ContainerNetworkConfig 10.204.0.0/16",
    };

    public static TheoryData<string> Each() => new(Cmdlets);

    [Theory]
    [MemberData(nameof(Each))]
    public void A_url_that_is_not_an_http_client_url_fails_at_binding(string cmdlet)
    {
        Assert.Equal("ParameterArgumentValidationError", _ps.ErrorIdOf($"{cmdlet} -Etcd ftp://127.0.0.1:9"));
        Assert.Equal("ParameterArgumentValidationError", _ps.ErrorIdOf($"{cmdlet} -Etcd http://127.0.0.1:9/v3/kv"));
        Assert.Equal("ParameterArgumentValidationError", _ps.ErrorIdOf($"{cmdlet} -Etcd 'http://127.0.0.1:9,not a url'"));
        Assert.Equal("ParameterArgumentValidationError", _ps.ErrorIdOf($"{cmdlet} -Etcd http://127.0.0.1:9 -Prefix coreos.com/network"));
    }

    [Theory]
    [MemberData(nameof(Each))]
    public void A_url_with_a_password_fails_at_binding_and_no_message_repeats_it(string cmdlet)
    {
        System.Management.Automation.ErrorRecord error;
        try
        {
            error = Assert.Single(_ps.Run($"{cmdlet} -Etcd http://root:s3cret-pw@127.0.0.1:9").Errors);
        }
        catch (System.Management.Automation.RuntimeException ex)
        {
            error = ex.ErrorRecord;
        }
        Assert.Equal("ParameterArgumentValidationError", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.DoesNotContain("s3cret-pw", error.ToString());
        Assert.DoesNotContain("s3cret-pw", error.Exception.ToString());
        Assert.Contains("credentials do not belong in the URL", error.ToString());
    }

    [Theory]
    [MemberData(nameof(Each))]
    public void A_certificate_without_its_key_fails_before_etcd_is_asked(string cmdlet)
    {
        Assert.Equal(ErrorIds.EtcdCertificateInvalid, _ps.ErrorIdOf($"{cmdlet} -Etcd http://127.0.0.1:9 -EtcdCertificate /nonexistent/client.crt"));
        Assert.Equal(ErrorIds.EtcdCertificateInvalid, _ps.ErrorIdOf($"{cmdlet} -Etcd http://127.0.0.1:9 -EtcdKey /nonexistent/client.key"));
    }

    [Fact]
    public void A_time_to_live_under_five_seconds_fails_at_binding()
    {
        Assert.Equal("ParameterArgumentValidationError", _ps.ErrorIdOf("Request-ContainerSubnetLease -Etcd http://127.0.0.1:9 -TimeToLive 00:00:04"));
    }

    public void Dispose() => _ps.Dispose();
}
