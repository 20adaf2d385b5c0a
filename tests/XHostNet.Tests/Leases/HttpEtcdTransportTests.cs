using XHostNet.Leases;

namespace XHostNet.Tests.Leases;

/// <summary>The TLS files of -EtcdCa are checked when the transport is made, before etcd is called.</summary>
public sealed class HttpEtcdTransportTests
{
    [Theory]
    [InlineData("-----BEGIN CERTIFICATE-----\n@@@ not base64 @@@\n-----END CERTIFICATE-----\n")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")]
    [InlineData("no PEM block at all\n")]
    public void A_CA_file_without_a_readable_certificate_is_EtcdCertificateInvalid(string content)
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, content);
            var settings = new EtcdSettings { Endpoints = new[] { new Uri("https://127.0.0.1:2379") }, CaFile = file };

            var error = Assert.Throws<XHostException>(() => new HttpEtcdTransport(settings));

            Assert.Equal(ErrorIds.EtcdCertificateInvalid, error.ErrorId);
            Assert.Contains(file, error.Message);
        }
        finally { File.Delete(file); }
    }
}
