using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace XHostNet.Execution
{
    /// <summary>
    /// Reads an OpenSSH known_hosts file: plain and hashed (|1|salt|hash) host patterns, [host]:port entries,
    /// comma lists, wildcards, negation, and the @revoked marker (@cert-authority lines are not used).
    /// </summary>
    public sealed class KnownHosts
    {
        private readonly List<Entry> _entries;

        private KnownHosts(List<Entry> entries) => _entries = entries;

        public static string DefaultPath =>
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".ssh", "known_hosts");

        /// <summary>Reads the file; a missing one knows no hosts. A directory or a file that cannot be read is KnownHostsFileUnreadable.</summary>
        public static KnownHosts Load(string path)
        {
            if (Directory.Exists(path)) throw Unusable(path, "it is a directory");
            try
            {
                return Parse(File.Exists(path) ? File.ReadAllText(path) : "");
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException)
            {
                throw Unusable(path, ex.Message);
            }
        }

        private static XHostException Unusable(string path, string reason) =>
            new XHostException(XHostErrorKind.InvalidArgument, ErrorIds.KnownHostsFileUnreadable,
                $"Cannot use '{path}' as the known_hosts file: {reason}. Give -KnownHostsFile a readable file (a missing one is created on -AcceptNewHostKey).");

        public static KnownHosts Parse(string text)
        {
            var entries = new List<Entry>();
            foreach (var raw in text.Split('\n'))
            {
                var line = raw.Trim();
                if (line.Length == 0 || line[0] == '#') continue;
                var fields = Regex.Split(line, @"\s+");
                var marker = "";
                if (fields[0].StartsWith("@", StringComparison.Ordinal))
                {
                    marker = fields[0];
                    fields = fields.Skip(1).ToArray();
                }
                if (fields.Length < 3 || marker == "@cert-authority") continue;
                byte[] blob;
                try { blob = Convert.FromBase64String(fields[2]); }
                catch (FormatException) { continue; }
                entries.Add(new Entry(fields[0], fields[1], blob, marker == "@revoked"));
            }
            return new KnownHosts(entries);
        }

        /// <summary>The name OpenSSH files a host under: the bare host for port 22, else [host]:port.</summary>
        public static string HostKeyName(string host, int port) => port == 22 ? host : $"[{host}]:{port}";

        /// <summary>Key types recorded for this host, so the client can ask the server for a key it can check.</summary>
        public IReadOnlyList<string> KeyTypesFor(string host, int port)
        {
            var name = HostKeyName(host, port);
            return _entries.Where(e => !e.Revoked && e.Matches(name)).Select(e => e.KeyType).Distinct().ToList();
        }

        public HostKeyVerdict Verify(string host, int port, byte[] presentedKeyBlob)
        {
            var name = HostKeyName(host, port);
            var forHost = _entries.Where(e => e.Matches(name)).ToList();
            if (_entries.Any(e => e.Revoked && e.Blob.SequenceEqual(presentedKeyBlob))) return HostKeyVerdict.Revoked;
            if (forHost.Any(e => !e.Revoked && e.Blob.SequenceEqual(presentedKeyBlob))) return HostKeyVerdict.Trusted;
            var presentedType = KeyTypeOfBlob(presentedKeyBlob);
            return forHost.Any(e => !e.Revoked && KeyTypeOfBlob(e.Blob) == presentedType) ? HostKeyVerdict.Changed : HostKeyVerdict.Unknown;
        }

        /// <summary>Appends a host's key the way ssh's accept-new does (unhashed, one line).</summary>
        public static void Append(string path, string host, int port, byte[] keyBlob)
        {
            if (Directory.Exists(path)) throw Unusable(path, "it is a directory");
            try
            {
                var dir = Path.GetDirectoryName(path);
                if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
                var needsNewline = File.Exists(path) && new FileInfo(path).Length > 0 && !File.ReadAllText(path).EndsWith("\n", StringComparison.Ordinal);
                File.AppendAllText(path, (needsNewline ? "\n" : "") +
                    $"{HostKeyName(host, port)} {KeyTypeOfBlob(keyBlob)} {Convert.ToBase64String(keyBlob)}\n");
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException)
            {
                throw Unusable(path, ex.Message);
            }
        }

        /// <summary>OpenSSH's fingerprint of a public key blob: SHA256: and unpadded base64 of its SHA-256.</summary>
        public static string Fingerprint(byte[] keyBlob)
        {
            using var sha = SHA256.Create();
            return "SHA256:" + Convert.ToBase64String(sha.ComputeHash(keyBlob)).TrimEnd('=');
        }

        /// <summary>An SSH public key blob starts with its type as an SSH string (uint32 length, bytes).</summary>
        public static string KeyTypeOfBlob(byte[] blob)
        {
            if (blob.Length < 4) return "";
            var length = (blob[0] << 24) | (blob[1] << 16) | (blob[2] << 8) | blob[3];
            return length > 0 && length <= blob.Length - 4 ? Encoding.ASCII.GetString(blob, 4, length) : "";
        }

        private sealed class Entry
        {
            private readonly string _patterns;

            public Entry(string patterns, string keyType, byte[] blob, bool revoked)
            {
                _patterns = patterns;
                KeyType = keyType;
                Blob = blob;
                Revoked = revoked;
            }

            public string KeyType { get; }
            public byte[] Blob { get; }
            public bool Revoked { get; }

            public bool Matches(string name)
            {
                if (_patterns.StartsWith("|1|", StringComparison.Ordinal)) return MatchesHashed(_patterns, name);
                var matched = false;
                foreach (var pattern in _patterns.Split(','))
                {
                    var negated = pattern.StartsWith("!", StringComparison.Ordinal);
                    var glob = negated ? pattern.Substring(1) : pattern;
                    if (!GlobMatches(glob, name)) continue;
                    if (negated) return false;
                    matched = true;
                }
                return matched;
            }

            private static bool MatchesHashed(string field, string name)
            {
                var parts = field.Split('|'); // "", "1", salt, hash
                if (parts.Length != 4) return false;
                try
                {
                    using var hmac = new HMACSHA1(Convert.FromBase64String(parts[2]));
                    var hash = hmac.ComputeHash(Encoding.UTF8.GetBytes(name));
                    return Convert.ToBase64String(hash) == parts[3];
                }
                catch (FormatException) { return false; }
            }

            private static bool GlobMatches(string glob, string name) =>
                Regex.IsMatch(name, "^" + Regex.Escape(glob).Replace(@"\*", ".*").Replace(@"\?", ".") + @"\z",
                    RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        }
    }
}
