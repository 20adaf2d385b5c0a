using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using XHostNet.Sessions;

namespace XHostNet.Leases
{
    /// <summary>
    /// etcd's JSON gateway reached from a host, for an etcd only the hosts can reach: one curl per call through the
    /// session. The request body goes on curl's standard input and the TLS files are the host's own paths, so neither
    /// a key nor the body ever appears in an argument.
    /// </summary>
    public sealed class SessionEtcdTransport : IEtcdTransport
    {
        private readonly EtcdSettings _settings;
        private readonly XHostSession _host;

        public SessionEtcdTransport(EtcdSettings settings, XHostSession host)
        {
            _settings = settings;
            _host = host;
        }

        public async Task<JsonElement> CallAsync(string method, string body, CancellationToken ct)
        {
            var reasons = new List<string>();
            foreach (var endpoint in _settings.Endpoints)
            {
                var result = await _host.RunAsync(Command(endpoint, method), ct, body, _settings.RequestTimeout + TimeSpan.FromSeconds(5)).ConfigureAwait(false);
                if (result.ExitCode == 127)
                    throw new XHostException(XHostErrorKind.Unavailable, ErrorIds.EtcdUnreachable,
                        $"curl is not installed on host '{_host.Host}', which reaches etcd for this call (-EtcdFromHost); install curl there.");
                if (!result.Succeeded)
                {
                    // curl's own words: "Failed to connect … Connection refused", "Operation timed out", an unknown CA.
                    reasons.Add($"{endpoint}: {result.StandardError.Trim().Replace("curl: ", "")} (curl exit {result.ExitCode})");
                    continue;
                }
                var output = result.StandardOutput;
                var cut = output.LastIndexOf('\n');
                var status = ToolOutput.Read("curl " + method, () => int.Parse(output.Substring(cut + 1).Trim(), NumberStyles.None, CultureInfo.InvariantCulture));
                return EtcdAnswer.Parse(status, output.Substring(0, Math.Max(cut, 0)), endpoint, method);
            }
            throw EtcdAnswer.Unreachable(_settings, reasons);
        }

        private IReadOnlyList<string> Command(Uri endpoint, string method)
        {
            var argv = new List<string>
            {
                "curl", "-sS", "-X", "POST", "-H", "Content-Type: application/json", "--data-binary", "@-", "-w", "\n%{http_code}",
                "--max-time", ((int)Math.Ceiling(_settings.RequestTimeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture),
            };
            if (_settings.CaFile != null) argv.AddRange(new[] { "--cacert", _settings.CaFile });
            if (_settings.CertificateFile != null) argv.AddRange(new[] { "--cert", _settings.CertificateFile, "--key", _settings.KeyFile! });
            argv.Add(new Uri(endpoint, "/v3/" + method).ToString());
            return argv;
        }

        /// <summary>The session belongs to the caller.</summary>
        public void Dispose() { }
    }
}
