using System;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace XHostNet.Leases
{
    /// <summary>
    /// One call of etcd's v3 JSON gateway (POST /v3/&lt;method&gt;, a JSON body, a JSON answer), made from this machine or from a
    /// host. Implementations throw EtcdUnreachable when no endpoint answers and EtcdRequestFailed with etcd's own message
    /// when one refuses the call.
    /// </summary>
    public interface IEtcdTransport : IDisposable
    {
        Task<JsonElement> CallAsync(string method, string body, CancellationToken ct);
    }
}
