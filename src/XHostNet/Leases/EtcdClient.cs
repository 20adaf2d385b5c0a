using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace XHostNet.Leases
{
    /// <summary>
    /// The few etcd v3 calls the subnet store needs, over the JSON gateway (keys and values base64, 64-bit numbers as
    /// strings). No v3 client library fits netstandard2.0 and runs through an SSH session, so this one is small on purpose.
    /// </summary>
    public sealed class EtcdClient : IDisposable
    {
        private readonly IEtcdTransport _transport;

        public EtcdClient(IEtcdTransport transport) => _transport = transport;

        /// <summary>A transport for the settings: from this machine, or from the host named by <see cref="EtcdSettings.Via"/>.</summary>
        public static EtcdClient Connect(EtcdSettings settings) =>
            new EtcdClient(settings.Via is null ? new HttpEtcdTransport(settings) : (IEtcdTransport)new SessionEtcdTransport(settings, settings.Via));

        /// <summary>Every key that starts with <paramref name="prefix"/>, in key order.</summary>
        public async Task<IReadOnlyList<EtcdKeyValue>> RangePrefixAsync(string prefix, CancellationToken ct)
        {
            var answer = await _transport.CallAsync("kv/range", new JsonObject { ["key"] = Encode(prefix), ["range_end"] = PrefixEnd(prefix) }.ToJsonString(), ct).ConfigureAwait(false);
            return KeyValues(answer);
        }

        public async Task<EtcdKeyValue?> GetAsync(string key, CancellationToken ct)
        {
            var answer = await _transport.CallAsync("kv/range", new JsonObject { ["key"] = Encode(key) }.ToJsonString(), ct).ConfigureAwait(false);
            return KeyValues(answer).FirstOrDefault();
        }

        /// <summary>A new etcd lease; returns its id and the TTL etcd granted (it may round a very short one up).</summary>
        public async Task<(long Id, long Ttl)> GrantAsync(long ttlSeconds, CancellationToken ct)
        {
            var answer = await _transport.CallAsync("lease/grant", new JsonObject { ["TTL"] = ttlSeconds.ToString(CultureInfo.InvariantCulture) }.ToJsonString(), ct).ConfigureAwait(false);
            return (Number(answer, "ID"), Number(answer, "TTL"));
        }

        /// <summary>Ends a lease and with it every key bound to it; a lease that has already expired is no error.</summary>
        public async Task RevokeAsync(long id, CancellationToken ct)
        {
            try
            {
                await _transport.CallAsync("lease/revoke", LeaseBody(id), ct).ConfigureAwait(false);
            }
            catch (XHostException ex) when (ex.ErrorId == ErrorIds.EtcdRequestFailed && ex.Message.Contains("lease not found"))
            {
            }
        }

        /// <summary>Seconds the lease has left; -1 when it has expired or never existed.</summary>
        public async Task<long> TimeToLiveAsync(long id, CancellationToken ct) =>
            Number(await _transport.CallAsync("lease/timetolive", LeaseBody(id), ct).ConfigureAwait(false), "TTL", -1);

        /// <summary>One keep-alive: the lease starts its full TTL again. Returns the new TTL, or 0 when the lease is gone.</summary>
        public async Task<long> KeepAliveAsync(long id, CancellationToken ct) =>
            Number(await _transport.CallAsync("lease/keepalive", LeaseBody(id), ct).ConfigureAwait(false), "TTL", 0);

        /// <summary>An atomic transaction: when every comparison holds, every operation is applied; returns whether it was.</summary>
        public async Task<bool> TxnAsync(IEnumerable<JsonObject> compare, IEnumerable<JsonObject> success, CancellationToken ct)
        {
            var body = new JsonObject { ["compare"] = new JsonArray(compare.Cast<JsonNode>().ToArray()), ["success"] = new JsonArray(success.Cast<JsonNode>().ToArray()) };
            var answer = await _transport.CallAsync("kv/txn", body.ToJsonString(), ct).ConfigureAwait(false);
            return answer.TryGetProperty("succeeded", out var ok) && ok.GetBoolean();
        }

        /// <summary>Compare: the key does not exist (its version is 0).</summary>
        public static JsonObject Absent(string key) =>
            new JsonObject { ["key"] = Encode(key), ["target"] = "VERSION", ["result"] = "EQUAL", ["version"] = "0" };

        /// <summary>Compare: the key is unchanged since it was read at <paramref name="modRevision"/>.</summary>
        public static JsonObject Unchanged(string key, long modRevision) =>
            new JsonObject { ["key"] = Encode(key), ["target"] = "MOD", ["result"] = "EQUAL", ["mod_revision"] = modRevision.ToString(CultureInfo.InvariantCulture) };

        public static JsonObject Put(string key, string value, long lease)
        {
            var put = new JsonObject { ["key"] = Encode(key), ["value"] = Encode(value) };
            if (lease != 0) put["lease"] = lease.ToString(CultureInfo.InvariantCulture);
            return new JsonObject { ["request_put"] = put };
        }

        public static JsonObject Delete(string key) => new JsonObject { ["request_delete_range"] = new JsonObject { ["key"] = Encode(key) } };

        public void Dispose() => _transport.Dispose();

        private static string LeaseBody(long id) => new JsonObject { ["ID"] = id.ToString(CultureInfo.InvariantCulture) }.ToJsonString();

        private static IReadOnlyList<EtcdKeyValue> KeyValues(JsonElement answer) =>
            !answer.TryGetProperty("kvs", out var kvs) ? Array.Empty<EtcdKeyValue>() :
            kvs.EnumerateArray().Select(kv => new EtcdKeyValue
            {
                Key = Decode(kv, "key"), Value = Decode(kv, "value"), Lease = Number(kv, "lease"), ModRevision = Number(kv, "mod_revision"),
            }).ToList();

        /// <summary>The gateway leaves out fields at their default (0, false, empty) and writes 64-bit numbers as strings.</summary>
        private static long Number(JsonElement e, string name, long absent = 0) =>
            !e.TryGetProperty(name, out var v) ? absent :
            v.ValueKind == JsonValueKind.String ? long.Parse(v.GetString()!, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : v.GetInt64();

        private static string Decode(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) ? Encoding.UTF8.GetString(Convert.FromBase64String(v.GetString() ?? "")) : "";

        private static string Encode(string text) => Convert.ToBase64String(new UTF8Encoding(false).GetBytes(text));

        /// <summary>etcd's range end for "every key with this prefix", base64: the prefix's bytes with the last one below 0xff plus one.</summary>
        private static string PrefixEnd(string prefix)
        {
            var bytes = new UTF8Encoding(false).GetBytes(prefix);
            for (var i = bytes.Length - 1; i >= 0; i--)
                if (bytes[i] < 0xff)
                {
                    bytes[i]++;
                    return Convert.ToBase64String(bytes, 0, i + 1);
                }
            return Convert.ToBase64String(new byte[] { 0 });
        }
    }
}
