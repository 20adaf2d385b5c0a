using System.Text.Json;
using XHostNet.Leases;

namespace XHostNet.Tests.Support;

/// <summary>
/// The real transport, with an action run just before the first call of one etcd method: how a test stops etcd exactly
/// when a claim's transaction is on its way, which no timing from outside can hit.
/// </summary>
public sealed class HookedEtcdTransport : IEtcdTransport
{
    private readonly IEtcdTransport _inner;
    private readonly string _method;
    private Action? _before;

    public HookedEtcdTransport(IEtcdTransport inner, string method, Action before)
    {
        _inner = inner;
        _method = method;
        _before = before;
    }

    public Task<JsonElement> CallAsync(string method, string body, CancellationToken ct)
    {
        if (method == _method) Interlocked.Exchange(ref _before, null)?.Invoke();
        return _inner.CallAsync(method, body, ct);
    }

    public void Dispose() => _inner.Dispose();
}
