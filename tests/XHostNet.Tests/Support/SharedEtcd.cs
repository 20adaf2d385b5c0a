namespace XHostNet.Tests.Support;

/// <summary>
/// One <see cref="EtcdServer"/> for a whole test class (IClassFixture), whose tests keep apart by a -Prefix each. Started
/// on first use, so a class whose tests skip (not root) starts nothing.
/// </summary>
public class SharedEtcd : IDisposable
{
    private readonly Lazy<EtcdServer> _server;

    public SharedEtcd() : this(tls: false) { }

    protected SharedEtcd(bool tls) => _server = new Lazy<EtcdServer>(() => new EtcdServer(tls));

    public EtcdServer Server => _server.Value;

    public void Dispose()
    {
        if (_server.IsValueCreated) _server.Value.Dispose();
    }
}
