using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace XHostNet.Execution
{
    /// <summary>Quoting for a POSIX shell (sh, dash, bash, zsh, busybox ash) on the far side of SSH.</summary>
    public static class ShellQuoting
    {
        /// <summary>
        /// Quotes one argument so the shell passes it through byte for byte. Words made only of safe characters
        /// stay bare for readable -WhatIf output; everything else goes in single quotes, where nothing is special
        /// except the single quote itself, written as '\''.
        /// </summary>
        public static string Quote(string argument)
        {
            if (argument is null) throw new ArgumentNullException(nameof(argument));
            if (argument.IndexOf('\0') >= 0) throw new ArgumentException("A shell argument cannot contain a NUL character.", nameof(argument));
            if (argument.Length > 0 && argument.All(IsSafe)) return argument;
            var sb = new StringBuilder(argument.Length + 2).Append('\'');
            foreach (var c in argument)
            {
                if (c == '\'') sb.Append("'\\''");
                else sb.Append(c);
            }
            return sb.Append('\'').ToString();
        }

        /// <summary>Quotes an argv into one command line. The program word is always quoted if it holds '=',
        /// which the shell would otherwise read as a variable assignment.</summary>
        public static string Join(IEnumerable<string> argv) =>
            string.Join(" ", argv.Select((a, i) => i == 0 && a.IndexOf('=') >= 0 ? "'" + a.Replace("'", "'\\''") + "'" : Quote(a)));

        // '=' and ':' are only special in positions we never emit them in (assignments before the command word,
        // tilde expansion after ':' in assignments); '@', '%', '+', ',' are never special.
        private static bool IsSafe(char c) =>
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '/' || c == ':' || c == '=' || c == '@' || c == '%' || c == '+' || c == ',';
    }
}
