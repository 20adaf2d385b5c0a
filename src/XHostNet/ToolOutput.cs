using System;
using System.Collections.Generic;
using System.Text.Json;

namespace XHostNet
{
    /// <summary>
    /// Output of a host's tool (ip -j, ovs-vsctl, ping …) that XHostNet cannot read: one error, ToolOutputUnreadable,
    /// that names the command, instead of whatever .NET exception the odd text would cause in a parser.
    /// </summary>
    public static class ToolOutput
    {
        /// <summary>The error for output of <paramref name="command"/> that does not read as expected.</summary>
        public static XHostException Unreadable(string command, string reason) =>
            new XHostException(XHostErrorKind.Failed, ErrorIds.ToolOutputUnreadable,
                $"Cannot read the output of '{command}': {Shorten(reason)} (the tool's version or output format may differ from what XHostNet knows).");

        /// <summary>
        /// Runs a parser over a command's output; malformed text or JSON of an unexpected shape becomes
        /// <see cref="Unreadable"/>. The parsers check what they read, this catches what they do not foresee.
        /// </summary>
        public static T Read<T>(string command, Func<T> parse)
        {
            try
            {
                return parse();
            }
            catch (Exception ex) when (ex is JsonException || ex is FormatException || ex is InvalidOperationException ||
                                       ex is ArgumentException || ex is IndexOutOfRangeException || ex is KeyNotFoundException ||
                                       ex is OverflowException)
            {
                throw Unreadable(command, ex.Message);
            }
        }

        // Tool output can be huge; an error message stays one short line.
        private static string Shorten(string text)
        {
            var line = text.Replace('\n', ' ').Replace('\r', ' ').Trim();
            return line.Length <= 200 ? line : line.Substring(0, 200) + "…";
        }
    }
}
