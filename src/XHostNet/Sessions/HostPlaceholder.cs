using System.Text.RegularExpressions;

namespace XHostNet.Sessions
{
    /// <summary>
    /// "{host}" in a path (a record directory, a configuration root, a subnet.env file) stands for the session's host
    /// label, made safe for a file name: hosts that share one filesystem (network namespaces, a lab) need a path each.
    /// </summary>
    public static class HostPlaceholder
    {
        public const string Text = "{host}";

        private static readonly Regex Unsafe = new Regex("[^A-Za-z0-9_.-]", RegexOptions.CultureInvariant);

        public static string Fill(string template, XHostSession session) => template.Replace(Text, Unsafe.Replace(session.Host, "_"));
    }
}
