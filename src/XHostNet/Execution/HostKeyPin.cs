using System;

namespace XHostNet.Execution
{
    /// <summary>Pinned host key fingerprints, as ssh-keygen -lf prints them (SHA256:base64, no padding).</summary>
    public static class HostKeyPin
    {
        public static string Normalize(string fingerprint)
        {
            var value = fingerprint.Trim();
            if (value.StartsWith("SHA256:", StringComparison.OrdinalIgnoreCase)) value = value.Substring(7);
            return "SHA256:" + value.TrimEnd('=');
        }

        public static bool IsWellFormed(string fingerprint)
        {
            var body = Normalize(fingerprint).Substring(7);
            if (body.Length != 43) return false; // 32 bytes in unpadded base64
            try { return Convert.FromBase64String(body + "=").Length == 32; }
            catch (FormatException) { return false; }
        }

        public static bool Matches(string pinned, string presented) =>
            string.Equals(Normalize(pinned), Normalize(presented), StringComparison.Ordinal);
    }
}
