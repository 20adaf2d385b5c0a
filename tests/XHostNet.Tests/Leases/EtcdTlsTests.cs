using XHostNet.Leases;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Leases;

/// <summary>
/// An etcd with TLS and client-certificate authentication (--client-cert-auth), as production runs it: the request works
/// with -EtcdCertificate/-EtcdKey/-EtcdCa, is refused without the client certificate, and the key's content shows up in no
/// message.
/// </summary>
public sealed class EtcdTlsTests : IClassFixture<SharedTlsEtcd>
{
    private readonly SharedTlsEtcd _etcd;
    private readonly Xunit.Abstractions.ITestOutputHelper _out;

    public EtcdTlsTests(SharedTlsEtcd etcd, Xunit.Abstractions.ITestOutputHelper output)
    {
        _etcd = etcd;
        _out = output;
    }

    /// <summary>The base64 lines of the client key: none of them may appear in any text the module shows.</summary>
    private string[] KeyContent() =>
        File.ReadAllLines(_etcd.Server.KeyFile).Where(l => l.Length > 0 && !l.StartsWith("-----")).Append("PRIVATE KEY").ToArray();

    private void AssertNoKeyIn(string text)
    {
        foreach (var line in KeyContent()) Assert.DoesNotContain(line, text);
    }

    [RootFact]
    public void A_request_with_the_client_certificate_claims_and_WhatIf_shows_no_key()
    {
        using var lab = new LeaseLab(_etcd.Server, 1);
        lab.Config("-Network 10.203.0.0/16 -Backend host-gw");
        var whatIf = lab.Request("$h", "-WhatIf");
        Assert.Empty(whatIf.Errors);
        Assert.Contains("claim 10.203.1.0/24", whatIf.HostText);
        AssertNoKeyIn(whatIf.HostText);

        var lease = lab.Request("$h").Single<SubnetLease>();
        Assert.Equal(("Claimed", "10.203.1.0/24"), (lease.Action, lease.Subnet));
        Assert.StartsWith("https://", lease.Etcd);
        lab.AssertOneLeaseEach(1);
    }

    [RootFact]
    public void Without_the_client_certificate_etcd_refuses_and_nothing_is_claimed()
    {
        using var lab = new LeaseLab(_etcd.Server, 1);
        lab.Config("-Network 10.203.0.0/16 -Backend host-gw");
        var refused = lab.Ps.Run($"Request-ContainerSubnetLease -Session $h -Etcd {_etcd.Server.Endpoint} -Prefix {lab.Prefix} -EtcdCa {_etcd.Server.CaFile} " +
                                 $"-Interface eth1 -SubnetFile '{lab.SubnetFile}'");
        Assert.Equal(ErrorIds.EtcdUnreachable, refused.ErrorId());
        var message = refused.Errors[0].Exception.Message;
        _out.WriteLine(message);
        Assert.Contains(_etcd.Server.Endpoint, message);
        Assert.Contains("TLS failed (check -EtcdCertificate", message);
        AssertNoKeyIn(refused.Errors[0].ToString());
        Assert.Empty(lab.SubnetKeys());
        Assert.Null(lab.EnvOf(1));
    }

    [RootFact]
    public void A_key_that_does_not_match_fails_naming_the_files_not_their_content()
    {
        using var lab = new LeaseLab(_etcd.Server, 0);
        var etcd = _etcd.Server;
        // The server's key with the client's certificate: a readable PEM pair that does not belong together.
        var serverKey = Path.Combine(etcd.Directory, "server.key");
        var failed = lab.Ps.ErrorIdOf($"Get-ContainerSubnetLease -Etcd {etcd.Endpoint} -Prefix {lab.Prefix} -EtcdCertificate {etcd.CertificateFile} -EtcdKey {serverKey} -EtcdCa {etcd.CaFile}");
        Assert.Equal(ErrorIds.EtcdCertificateInvalid, failed);
        string text;
        try
        {
            text = lab.Ps.Run($"Get-ContainerSubnetLease -Etcd {etcd.Endpoint} -Prefix {lab.Prefix} -EtcdCertificate {etcd.CertificateFile} -EtcdKey {serverKey} -EtcdCa {etcd.CaFile}").Errors[0].ToString();
        }
        catch (System.Management.Automation.RuntimeException ex)
        {
            text = ex.ErrorRecord.ToString();
        }
        Assert.Contains(serverKey, text);
        foreach (var line in File.ReadAllLines(serverKey).Where(l => l.Length > 0 && !l.StartsWith("-----"))) Assert.DoesNotContain(line, text);
    }
}
