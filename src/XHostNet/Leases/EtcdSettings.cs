using System;
using System.Collections.Generic;
using System.Linq;
using XHostNet.Sessions;

namespace XHostNet.Leases
{
    /// <summary>
    /// Where the shared subnet store is and how to reach it: etcd's client URLs (tried in order, as etcdctl does), the
    /// key prefix flannel uses, and TLS files. With <see cref="Via"/> the calls are made from that host (curl there), for
    /// an etcd that only the hosts can reach; the certificate paths are then paths on that host.
    /// </summary>
    public sealed class EtcdSettings
    {
        /// <summary>flannel's default prefix (its --etcd-prefix).</summary>
        public const string DefaultPrefix = "/coreos.com/network";

        public IReadOnlyList<Uri> Endpoints { get; set; } = Array.Empty<Uri>();
        public string Prefix { get; set; } = DefaultPrefix;
        /// <summary>PEM client certificate (etcd --client-cert-auth); with <see cref="KeyFile"/>.</summary>
        public string? CertificateFile { get; set; }
        /// <summary>PEM private key of the client certificate. Read where the call is made; never put in an argument or message.</summary>
        public string? KeyFile { get; set; }
        /// <summary>PEM CA certificate(s) that sign etcd's server certificate; without it the system's trust store decides.</summary>
        public string? CaFile { get; set; }
        /// <summary>Reach etcd from this host instead of from this machine.</summary>
        public XHostSession? Via { get; set; }
        /// <summary>How long one call may take before the next endpoint is tried (a stopped etcd must not hang a runbook).</summary>
        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

        /// <summary>
        /// Settings from a cmdlet's arguments. Endpoints may be listed or comma-separated (etcdctl's --endpoints);
        /// certificate and key come together. <paramref name="resolvePath"/> makes a local path absolute (PowerShell's
        /// current location); on a host (<paramref name="via"/>) paths are the host's and must be absolute already.
        /// </summary>
        public static EtcdSettings From(IEnumerable<string> endpoints, string? prefix, string? certificate, string? key, string? ca, XHostSession? via,
            Func<string, string> resolvePath)
        {
            CheckCertificatePair(certificate, key);
            string? Path(string? file, string parameter)
            {
                if (file is null) return null;
                if (via is null) return resolvePath(file);
                if (!file.StartsWith("/", StringComparison.Ordinal))
                    throw new XHostException(XHostErrorKind.InvalidArgument, ErrorIds.EtcdCertificateInvalid,
                        $"{parameter} '{file}' must be an absolute path on host '{via.Host}', which reaches etcd (-EtcdFromHost). Nothing was done.");
                return file;
            }
            return new EtcdSettings
            {
                Endpoints = ParseEndpoints(endpoints), Prefix = prefix ?? DefaultPrefix, Via = via,
                CertificateFile = Path(certificate, "-EtcdCertificate"), KeyFile = Path(key, "-EtcdKey"), CaFile = Path(ca, "-EtcdCa"),
            };
        }

        /// <summary>
        /// -EtcdCertificate and -EtcdKey come together; a cmdlet that builds its settings only after changing a host
        /// (Disconnect-XHostNetwork) checks this first, so the mistake is caught before anything changes.
        /// </summary>
        public static void CheckCertificatePair(string? certificate, string? key)
        {
            if ((certificate is null) != (key is null))
                throw new XHostException(XHostErrorKind.InvalidArgument, ErrorIds.EtcdCertificateInvalid,
                    "-EtcdCertificate and -EtcdKey go together: etcd's client-certificate authentication needs both. Nothing was done.");
        }

        /// <summary>
        /// Client URLs: http or https, a host and port, nothing else. A user name or password in the URL is refused, so a
        /// secret never sits in a command line or a message.
        /// </summary>
        public static IReadOnlyList<Uri> ParseEndpoints(IEnumerable<string> endpoints)
        {
            var parsed = new List<Uri>();
            foreach (var text in endpoints.SelectMany(e => e.Split(',')).Select(e => e.Trim()).Where(e => e.Length > 0))
            {
                if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
                    throw BadEndpoint(text, "it is not an http:// or https:// URL");
                if (uri.UserInfo.Length > 0) throw BadEndpoint("(a URL with a user name)", "credentials do not belong in the URL; etcd's TLS client certificates are given with -EtcdCertificate and -EtcdKey");
                if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0) throw BadEndpoint(text, "a client URL is scheme, host and port only");
                parsed.Add(uri);
            }
            if (parsed.Count == 0) throw BadEndpoint("", "no endpoint was given");
            return parsed;
        }

        private static XHostException BadEndpoint(string text, string why) =>
            new XHostException(XHostErrorKind.InvalidArgument, ErrorIds.EtcdEndpointInvalid, $"The etcd endpoint '{text}' cannot be used: {why} (e.g. http://10.0.0.5:2379).");

        /// <summary>The endpoints as a user wrote them, for messages.</summary>
        public string Describe() => string.Join(",", Endpoints.Select(e => e.GetLeftPart(UriPartial.Authority))) + (Via is null ? "" : $" (from host '{Via.Host}')");
    }
}
