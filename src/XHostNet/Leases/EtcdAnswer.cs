using System;
using System.Collections.Generic;
using System.Text.Json;

namespace XHostNet.Leases
{
    /// <summary>Reads what etcd's JSON gateway answered, the same way whichever transport carried it.</summary>
    internal static class EtcdAnswer
    {
        /// <summary>The answer's JSON; an HTTP error becomes EtcdRequestFailed with etcd's own message (e.g. "requested lease not found").</summary>
        public static JsonElement Parse(int status, string body, Uri endpoint, string method)
        {
            JsonElement root;
            try
            {
                root = JsonDocument.Parse(body.Length == 0 ? "{}" : body).RootElement.Clone();
            }
            catch (JsonException)
            {
                throw Failed(endpoint, method, $"HTTP {status}, an answer that is not JSON (is {endpoint} etcd's client URL?)");
            }
            if (status >= 200 && status < 300 && !(root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out _)))
                // A streamed call (lease/keepalive) wraps its one answer in "result".
                return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("result", out var result) ? result : root;
            var message = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("message", out var m) ? m.GetString() : null;
            throw Failed(endpoint, method, $"HTTP {status}: {message ?? "no message"}");
        }

        public static XHostException Failed(Uri endpoint, string method, string why) =>
            new XHostException(XHostErrorKind.Failed, ErrorIds.EtcdRequestFailed, $"etcd at {endpoint} refused {method}: {why}.");

        /// <summary>No endpoint answered: every reason, so a wrong port and a stopped etcd read apart.</summary>
        public static XHostException Unreachable(EtcdSettings settings, IEnumerable<string> reasons) =>
            new XHostException(XHostErrorKind.Unavailable, ErrorIds.EtcdUnreachable,
                $"No etcd endpoint answered ({string.Join("; ", reasons)}). Nothing was claimed or changed by the call that failed; " +
                "check that etcd runs and that -Etcd names its client URL" + (settings.Via is null ? "" : $" as seen from host '{settings.Via.Host}'") + ".");
    }
}
