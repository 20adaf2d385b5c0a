using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using XHostNet.Execution;

namespace XHostNet.Docker
{
    /// <summary>
    /// The OPTIONS assignment of a sysconfig file (RHEL's /etc/sysconfig/docker) as sh reads it: the last assignment
    /// wins, quotes and backslashes are removed, a trailing comment is not part of the value, and the service splits
    /// the value into words at blanks ($OPTIONS unquoted). What sh would expand ($VAR, `cmd`, $(cmd)) or what cannot be
    /// rewritten without changing meaning is refused rather than guessed.
    /// </summary>
    public sealed class SysconfigOptions
    {
        private static readonly Regex Assignment = new Regex(@"\A([ \t]*(?:export[ \t]+)?)OPTIONS=", RegexOptions.CultureInvariant);

        private SysconfigOptions(int line, string lead, string value, string rest)
        {
            Line = line;
            Lead = lead;
            Value = value;
            Rest = rest;
        }

        /// <summary>The line (0-based) of the assignment that counts: the last one.</summary>
        public int Line { get; }
        /// <summary>What precedes OPTIONS= on that line (indentation, "export ").</summary>
        public string Lead { get; }
        /// <summary>The value as the shell assigns it.</summary>
        public string Value { get; }
        /// <summary>What follows the value on the line (blanks, a comment, "; more"), kept as it is.</summary>
        public string Rest { get; }
        /// <summary>The words dockerd gets: the value split at blanks.</summary>
        public IReadOnlyList<string> Words => DockerFlags.Fields(Value);

        /// <summary>The OPTIONS that counts (null when the file sets none); a shape that cannot be read faithfully is an error naming the file.</summary>
        public static SysconfigOptions? Find(string text, string path)
        {
            if (text.IndexOf('\0') >= 0) throw Unsupported(path, "it contains a NUL character");
            var lines = text.Split('\n');
            SysconfigOptions? found = null;
            for (var i = 0; i < lines.Length; i++)
            {
                var m = Assignment.Match(lines[i]);
                if (m.Success) found = ParseLine(lines[i], m, i, path);
            }
            return found;
        }

        /// <summary>The file with the OPTIONS that counts set to these words (one line added when there is none); every other line kept.</summary>
        public static string Rewrite(string text, string path, IReadOnlyList<string> words)
        {
            var current = Find(text, path);
            var value = ShellQuoting.Quote(string.Join(" ", words));
            var lines = text.Length == 0 ? new List<string>() : text.Split('\n').ToList();
            if (lines.Count > 0 && lines[lines.Count - 1].Length == 0) lines.RemoveAt(lines.Count - 1);
            if (current is null) lines.Add("OPTIONS=" + value);
            else lines[current.Line] = current.Lead + "OPTIONS=" + value + current.Rest;
            return string.Join("\n", lines) + "\n";
        }

        private static SysconfigOptions ParseLine(string line, Match m, int index, string path)
        {
            var value = new StringBuilder();
            var i = m.Length;
            while (i < line.Length)
            {
                var c = line[i];
                if (c == ' ' || c == '\t' || c == '\r' || c == ';') break;
                if (c == '\'')
                {
                    var end = line.IndexOf('\'', i + 1);
                    if (end < 0) throw Unsupported(path, $"the OPTIONS on line {index + 1} has an unclosed quote (or continues on the next line)");
                    value.Append(line, i + 1, end - i - 1);
                    i = end + 1;
                }
                else if (c == '"')
                {
                    i++;
                    while (true)
                    {
                        if (i >= line.Length) throw Unsupported(path, $"the OPTIONS on line {index + 1} has an unclosed quote (or continues on the next line)");
                        var d = line[i];
                        if (d == '"') { i++; break; }
                        if (d == '$' || d == '`') throw Expansion(path, index);
                        if (d == '\\' && i + 1 < line.Length && "$`\"\\".IndexOf(line[i + 1]) >= 0) { value.Append(line[i + 1]); i += 2; continue; }
                        if (d == '\\' && i + 1 >= line.Length) throw Unsupported(path, $"the OPTIONS on line {index + 1} continues on the next line");
                        value.Append(d);
                        i++;
                    }
                }
                else if (c == '\\')
                {
                    if (i + 1 >= line.Length) throw Unsupported(path, $"the OPTIONS on line {index + 1} continues on the next line");
                    value.Append(line[i + 1]);
                    i += 2;
                }
                else if (c == '$' || c == '`') throw Expansion(path, index);
                else if ("&|<>()".IndexOf(c) >= 0 || c == '~' && (i == m.Length || line[i - 1] == ':'))
                    throw Unsupported(path, $"the OPTIONS on line {index + 1} uses '{c}', which sh gives a meaning XHostNet does not rewrite");
                else { value.Append(c); i++; }
            }
            var rest = line.Substring(i);
            // After the value: nothing, a comment, or "; more commands". "OPTIONS=a b" would run b with OPTIONS set only for it.
            var after = rest.TrimStart(' ', '\t', '\r');
            if (after.Length > 0 && after[0] != '#' && after[0] != ';')
                throw Unsupported(path, $"line {index + 1} runs '{after.Split(' ')[0]}' with OPTIONS set only for that command");
            return new SysconfigOptions(index, m.Groups[1].Value, value.ToString(), rest);
        }

        private static XHostException Expansion(string path, int index) =>
            Unsupported(path, $"the OPTIONS on line {index + 1} uses a variable or command substitution ($ or `), whose value only the shell knows");

        private static XHostException Unsupported(string path, string why) =>
            new XHostException(XHostErrorKind.InvalidArgument, ErrorIds.DockerSysconfigUnsupported,
                $"XHostNet cannot read {path} as the shell does: {why}. Edit that line by hand (or use a daemon.json); nothing was changed.");
    }
}
