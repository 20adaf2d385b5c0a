using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Security;
using System.Reflection;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace XHostNet.Leases
{
    /// <summary>
    /// etcd's JSON gateway from this machine over http or https. A client certificate and a private CA come from PEM
    /// files, as etcdctl's --cert/--key/--cacert do; the key is read here and goes nowhere else.
    /// </summary>
    public sealed class HttpEtcdTransport : IEtcdTransport
    {
        private readonly EtcdSettings _settings;
        private readonly HttpClient _client;

        public HttpEtcdTransport(EtcdSettings settings)
        {
            _settings = settings;
            var handler = new HttpClientHandler();
            if (settings.CertificateFile != null) handler.ClientCertificates.Add(LoadClientCertificate(settings.CertificateFile, settings.KeyFile!));
            if (settings.CaFile != null)
            {
                var authorities = LoadCertificates(settings.CaFile);
                handler.ServerCertificateCustomValidationCallback = (_, certificate, _, errors) => TrustedBy(authorities, certificate, errors);
            }
            _client = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        }

        public async Task<JsonElement> CallAsync(string method, string body, CancellationToken ct)
        {
            var reasons = new List<string>();
            foreach (var endpoint in _settings.Endpoints)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(_settings.RequestTimeout);
                try
                {
                    using var content = new StringContent(body, Encoding.UTF8, "application/json");
                    using var response = await _client.PostAsync(new Uri(endpoint, "/v3/" + method), content, timeout.Token).ConfigureAwait(false);
                    var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                    return EtcdAnswer.Parse((int)response.StatusCode, text, endpoint, method);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    reasons.Add($"{endpoint}: no answer within {_settings.RequestTimeout.TotalSeconds:0} s");
                }
                catch (HttpRequestException ex)
                {
                    // OpenSSL's own words ("alert bad certificate") do not say what to check. Under TLS 1.3 etcd refuses a missing
                    // client certificate after the handshake, so that arrives as a failed decryption, not an AuthenticationException.
                    var tls = Chain(ex).Any(e => e is System.Security.Authentication.AuthenticationException || e is System.Security.Cryptography.CryptographicException)
                        ? "TLS failed (check -EtcdCertificate, -EtcdKey and -EtcdCa against etcd's --trusted-ca-file and certificate): " : "";
                    reasons.Add($"{endpoint}: {tls}{Innermost(ex)}");
                }
            }
            throw EtcdAnswer.Unreachable(_settings, reasons);
        }

        public void Dispose() => _client.Dispose();

        private static IEnumerable<Exception> Chain(Exception? ex)
        {
            for (; ex != null; ex = ex.InnerException) yield return ex;
        }

        private static string Innermost(Exception ex)
        {
            while (ex.InnerException != null) ex = ex.InnerException;
            return ex.Message.TrimEnd('.');
        }

        /// <summary>
        /// The certificate with its key. X509Certificate2.CreateFromPemFile is .NET 5+ (PowerShell 7), so it is looked up
        /// at run time: this assembly targets netstandard2.0, where no PEM key loader exists.
        /// </summary>
        private static X509Certificate2 LoadClientCertificate(string certificateFile, string keyFile)
        {
            var load = typeof(X509Certificate2).GetMethod("CreateFromPemFile", BindingFlags.Public | BindingFlags.Static, null, new[] { typeof(string), typeof(string) }, null)
                ?? throw new XHostException(XHostErrorKind.Unavailable, ErrorIds.EtcdCertificateInvalid,
                    "Client certificates from PEM files need PowerShell 7; Windows PowerShell cannot load them. Use -EtcdFromHost to reach etcd from a host's curl instead.");
            try
            {
                return (X509Certificate2)load.Invoke(null, new object[] { certificateFile, keyFile })!;
            }
            catch (TargetInvocationException ex) when (ex.InnerException is IOException || ex.InnerException is UnauthorizedAccessException ||
                                                       ex.InnerException is System.Security.Cryptography.CryptographicException || ex.InnerException is ArgumentException)
            {
                // The message names the files, never their content.
                throw new XHostException(XHostErrorKind.InvalidArgument, ErrorIds.EtcdCertificateInvalid,
                    $"The client certificate '{certificateFile}' and key '{keyFile}' cannot be loaded as a PEM pair: {ex.InnerException.Message.TrimEnd('.')}.");
            }
        }

        /// <summary>Every certificate in a PEM file (a CA bundle may hold several).</summary>
        internal static IReadOnlyList<X509Certificate2> LoadCertificates(string file)
        {
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new XHostException(XHostErrorKind.InvalidArgument, ErrorIds.EtcdCertificateInvalid, $"The CA file '{file}' cannot be read: {ex.Message.TrimEnd('.')}.");
            }
            const string begin = "-----BEGIN CERTIFICATE-----", end = "-----END CERTIFICATE-----";
            var found = new List<X509Certificate2>();
            for (var at = text.IndexOf(begin, StringComparison.Ordinal); at >= 0; at = text.IndexOf(begin, at + 1, StringComparison.Ordinal))
            {
                var stop = text.IndexOf(end, at, StringComparison.Ordinal);
                if (stop < 0) break;
                var base64 = text.Substring(at + begin.Length, stop - at - begin.Length);
                try
                {
                    found.Add(new X509Certificate2(Convert.FromBase64String(string.Concat(base64.Where(c => !char.IsWhiteSpace(c))))));
                }
                catch (Exception ex) when (ex is FormatException || ex is System.Security.Cryptography.CryptographicException)
                {
                    throw new XHostException(XHostErrorKind.InvalidArgument, ErrorIds.EtcdCertificateInvalid,
                        $"The CA file '{file}' holds a PEM block that is not a certificate: {ex.Message.TrimEnd('.')}.");
                }
            }
            if (found.Count == 0)
                throw new XHostException(XHostErrorKind.InvalidArgument, ErrorIds.EtcdCertificateInvalid, $"The CA file '{file}' holds no PEM certificate.");
            return found;
        }

        /// <summary>
        /// etcd's certificate is trusted when it chains to one of the given CAs and names the host we called, as
        /// etcdctl --cacert decides (the system's roots play no part).
        /// </summary>
        private static bool TrustedBy(IReadOnlyList<X509Certificate2> authorities, X509Certificate2? certificate, SslPolicyErrors errors)
        {
            if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0) return false;
            using var chain = new X509Chain();
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.VerificationFlags = X509VerificationFlags.AllowUnknownCertificateAuthority;
            chain.ChainPolicy.ExtraStore.AddRange(authorities.ToArray());
            if (!chain.Build(certificate)) return false;
            var root = chain.ChainElements[chain.ChainElements.Count - 1].Certificate;
            return authorities.Any(a => a.RawData.SequenceEqual(root.RawData));
        }
    }
}
