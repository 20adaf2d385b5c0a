namespace XHostNet.Tests.Support;

/// <summary>A <see cref="SharedEtcd"/> with TLS and client-certificate authentication.</summary>
public sealed class SharedTlsEtcd : SharedEtcd
{
    public SharedTlsEtcd() : base(tls: true) { }
}
