// Makes the module's help from docs/en-US: XHostNet.dll-Help.xml (MAML, the shape PlatyPS's New-ExternalHelp
// writes) and about_*.help.txt, so Get-Help works without PlatyPS, which no registry reachable here serves.
// Compiled by MSBuild's RoslynCodeTaskFactory (src/XHostNet/XHostNet.csproj, target LayOutHelp); the tests
// compile it too, with XHOSTNET_HELP_NO_TASK, to check the docs against the schema.
// It follows PlatyPS 0.14's markdown schema: text is kept as written, one maml:para per line; a fenced code
// block where PlatyPS allows none (SYNOPSIS, DESCRIPTION, NOTES, INPUTS, OUTPUTS, between an example's
// remarks) is still rendered, indented, but reported as a problem because New-ExternalHelp would reject it.
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace XHostNet.Build
{
#if !XHOSTNET_HELP_NO_TASK
    /// <summary>MSBuild task: docs folder in, en-US help files out; schema problems become build warnings.</summary>
    public sealed class XHostNetHelp : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required] public string DocsDir { get; set; } = "";
        [Microsoft.Build.Framework.Required] public string OutputDir { get; set; } = "";
        [Microsoft.Build.Framework.Required] public string HelpFileName { get; set; } = "";

        public override bool Execute()
        {
            var problems = HelpBuilder.Write(DocsDir, OutputDir, HelpFileName);
            foreach (var p in problems)
                Log.LogWarning(null, "XHNHELP", null, p.File, p.Line, 0, 0, 0, "{0}", p.Message);
            return !Log.HasLoggedErrors;
        }
    }
#endif

    public sealed class HelpProblem
    {
        public HelpProblem(string file, int line, string message) { File = file; Line = line; Message = message; }
        public string File { get; }
        public int Line { get; }
        public string Message { get; }
        public override string ToString() => $"{System.IO.Path.GetFileName(File)}:{Line}: {Message}";
    }

    public static class HelpBuilder
    {
        private static readonly XNamespace Msh = "http://msh";
        private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
        private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
        private static readonly XNamespace MSHelp = "http://msdn.microsoft.com/mshelp";
        private static readonly string[] SectionNames = { "SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS" };

        /// <summary>Writes HelpFileName (all cmdlet pages) and one .help.txt per about_ page; returns the schema problems.</summary>
        public static List<HelpProblem> Write(string docsDir, string outputDir, string helpFileName)
        {
            var problems = new List<HelpProblem>();
            Directory.CreateDirectory(outputDir);
            var pages = Directory.GetFiles(docsDir, "*.md").OrderBy(f => f, StringComparer.Ordinal).ToList();
            var commands = pages.Where(f => !IsAbout(f)).Select(f => CommandElement(f, problems)).ToList();
            var maml = new XDocument(new XDeclaration("1.0", "utf-8", null), new XElement(Msh + "helpItems", new XAttribute("schema", "maml"), commands));
            var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) };
            using (var writer = XmlWriter.Create(Path.Combine(outputDir, helpFileName), settings)) maml.Save(writer);
            foreach (var about in pages.Where(IsAbout))
            {
                var name = Path.GetFileName(about);
                File.WriteAllText(Path.Combine(outputDir, name.Substring(0, name.Length - ".md".Length) + ".txt"), AboutText(about), new UTF8Encoding(false));
            }
            return problems;
        }

        private static bool IsAbout(string file) => Path.GetFileName(file).StartsWith("about_", StringComparison.OrdinalIgnoreCase);

        // ---- markdown: headings, fenced code blocks, and text runs between them ----

        private sealed class Node
        {
            public int Level;            // > 0: a heading
            public string? Language;     // not null: a fenced code block
            public string Text = "";
            public int Line;
            public bool IsHeading => Level > 0;
            public bool IsCode => Language != null;
        }

        private static List<Node> Parse(string file)
        {
            var lines = File.ReadAllText(file).Replace("\r\n", "\n").Split('\n');
            var nodes = new List<Node>();
            var i = 0;
            if (lines.Length > 0 && lines[0].Trim() == "---") // PlatyPS metadata block
            {
                i = 1;
                while (i < lines.Length && lines[i].Trim() != "---") i++;
                i++;
            }
            var text = new List<string>();
            var textLine = 0;
            void FlushText()
            {
                while (text.Count > 0 && text[text.Count - 1].Trim().Length == 0) text.RemoveAt(text.Count - 1);
                if (text.Count > 0) nodes.Add(new Node { Text = string.Join("\n", text), Line = textLine });
                text.Clear();
            }
            for (; i < lines.Length; i++)
            {
                var line = lines[i];
                var heading = Regex.Match(line, @"^(#{1,6})\s+(.*?)\s*#*\s*$");
                if (line.StartsWith("```"))
                {
                    FlushText();
                    var code = new Node { Language = line.Substring(3).Trim(), Line = i + 1 };
                    var body = new List<string>();
                    for (i++; i < lines.Length && !lines[i].StartsWith("```"); i++) body.Add(lines[i]);
                    code.Text = string.Join("\n", body);
                    nodes.Add(code);
                }
                else if (heading.Success)
                {
                    FlushText();
                    nodes.Add(new Node { Level = heading.Groups[1].Length, Text = heading.Groups[2].Value, Line = i + 1 });
                }
                else if (text.Count > 0 || line.Trim().Length > 0)
                {
                    if (text.Count == 0) textLine = i + 1;
                    text.Add(line);
                }
            }
            FlushText();
            return nodes;
        }

        // ---- cmdlet page -> command:command ----

        private sealed class Parameter
        {
            public string Name = "";
            public string Description = "";
            public Dictionary<string, string> Yaml = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            public List<string> Sets = new List<string>();
            public string Get(string key, string fallback) => Yaml.TryGetValue(key, out var v) && v.Length > 0 ? v : fallback;
            public bool IsSwitch => Get("Type", "").Equals("SwitchParameter", StringComparison.OrdinalIgnoreCase) || Get("Type", "").Equals("switch", StringComparison.OrdinalIgnoreCase);
        }

        private static XElement CommandElement(string file, List<HelpProblem> problems)
        {
            var nodes = Parse(file);
            void Problem(int line, string message) => problems.Add(new HelpProblem(file, line, message));
            var name = nodes.FirstOrDefault(n => n.Level == 1)?.Text ?? Path.GetFileNameWithoutExtension(file);
            if (nodes.Count == 0 || nodes[0].Level != 1) Problem(1, "the page must start with '# " + name + "'");

            // Split the page into its ## sections; the node lists exclude the ## heading itself.
            var sections = new Dictionary<string, List<Node>>(StringComparer.OrdinalIgnoreCase);
            List<Node>? current = null;
            foreach (var n in nodes.Skip(1))
            {
                if (n.Level == 1) { Problem(n.Line, "a second '#' heading: one command per page"); continue; }
                if (n.Level == 2)
                {
                    if (!SectionNames.Contains(n.Text, StringComparer.OrdinalIgnoreCase)) Problem(n.Line, $"unknown section '## {n.Text}'");
                    current = new List<Node>();
                    sections[n.Text] = current;
                    continue;
                }
                if (current == null) Problem(n.Line, "text before the first '##' section");
                else current.Add(n);
            }
            foreach (var required in SectionNames)
                if (!sections.ContainsKey(required)) Problem(1, $"missing section '## {required}'");
            List<Node> Section(string key) => sections.TryGetValue(key, out var s) ? s : new List<Node>();

            string Text(IEnumerable<Node> body, string where)
            {
                var parts = new List<string>();
                foreach (var n in body)
                {
                    if (n.IsHeading) Problem(n.Line, $"unexpected heading '{n.Text}' in {where}");
                    else if (n.IsCode)
                    {
                        Problem(n.Line, $"a fenced code block in {where}, which PlatyPS does not allow: indent the lines by 4 spaces instead");
                        parts.Add(string.Join("\n", n.Text.Split('\n').Select(l => "    " + l)));
                    }
                    else parts.Add(n.Text);
                }
                return string.Join("\n\n", parts);
            }

            // Entries under ### headings: the heading and the nodes up to the next ### heading.
            List<KeyValuePair<Node, List<Node>>> Entries(string key)
            {
                var entries = new List<KeyValuePair<Node, List<Node>>>();
                foreach (var n in Section(key))
                {
                    if (n.Level == 3) entries.Add(new KeyValuePair<Node, List<Node>>(n, new List<Node>()));
                    else if (entries.Count == 0) Problem(n.Line, $"{key}: text before the first '###' heading");
                    else if (n.IsHeading) Problem(n.Line, $"{key}: unexpected heading level {n.Level}");
                    else entries[entries.Count - 1].Value.Add(n);
                }
                return entries;
            }

            var synopsis = Text(Section("SYNOPSIS"), "SYNOPSIS");
            if (synopsis.Length == 0) Problem(1, "empty SYNOPSIS");
            var description = Text(Section("DESCRIPTION"), "DESCRIPTION");

            var parameters = new List<Parameter>();
            foreach (var entry in Entries("PARAMETERS"))
            {
                if (entry.Key.Text.Equals("CommonParameters", StringComparison.OrdinalIgnoreCase)) continue;
                if (!entry.Key.Text.StartsWith("-")) { Problem(entry.Key.Line, $"parameter heading '### {entry.Key.Text}' must be '### -Name'"); continue; }
                var p = new Parameter { Name = entry.Key.Text.Substring(1) };
                var yamls = entry.Value.Where(n => n.IsCode && n.Language!.Equals("yaml", StringComparison.OrdinalIgnoreCase)).ToList();
                p.Description = string.Join("\n\n", entry.Value.TakeWhile(n => !yamls.Contains(n)).Select(n => n.Text));
                if (p.Description.Trim().Length == 0) Problem(entry.Key.Line, $"-{p.Name} has no description");
                if (yamls.Count == 0) Problem(entry.Key.Line, $"-{p.Name} has no ```yaml block");
                foreach (var yaml in yamls)
                {
                    var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                    foreach (var line in yaml.Text.Split('\n').Where(l => l.Trim().Length > 0))
                    {
                        var colon = line.IndexOf(':');
                        if (colon < 0) { Problem(yaml.Line, $"-{p.Name}: yaml line without 'key: value': {line}"); continue; }
                        values[line.Substring(0, colon).Trim()] = line.Substring(colon + 1).Trim();
                    }
                    if (p.Yaml.Count == 0) p.Yaml = values; // the first block describes the parameter, as with PlatyPS
                    p.Sets.AddRange((values.TryGetValue("Parameter Sets", out var sets) && sets.Length > 0 ? sets : "(All)").Split(',').Select(s => s.Trim()));
                }
                foreach (var n in entry.Value.SkipWhile(n => !yamls.Contains(n)).Where(n => !yamls.Contains(n)))
                    Problem(n.Line, $"-{p.Name}: text after the ```yaml block");
                parameters.Add(p);
            }

            var examples = new List<XElement>();
            foreach (var entry in Entries("EXAMPLES"))
            {
                // PlatyPS grammar: [introduction] code block(s) [remarks]. The introduction has no place in
                // MAML; it is kept at the start of the remarks so no text is lost.
                var body = entry.Value;
                var codes = body.SkipWhile(n => !n.IsCode).TakeWhile(n => n.IsCode).ToList();
                if (codes.Count == 0) Problem(entry.Key.Line, $"example '{entry.Key.Text}' has no code block");
                var rest = body.SkipWhile(n => !n.IsCode).SkipWhile(n => n.IsCode).ToList();
                var intro = body.TakeWhile(n => !n.IsCode).ToList();
                var remarks = Text(intro.Concat(rest), $"the remarks of '{entry.Key.Text}' (one code part per example; make another example)");
                examples.Add(new XElement(Command + "example",
                    new XElement(Maml + "title", PadTitle(entry.Key.Text)),
                    new XElement(Dev + "code", string.Join("\n\n", codes.Select(c => c.Text))),
                    new XElement(Dev + "remarks", Paras(remarks))));
            }
            if (examples.Count == 0) Problem(1, "no example");

            XElement TypeEntry(string element, KeyValuePair<Node, List<Node>> entry, string where) =>
                new XElement(Command + element,
                    new XElement(Dev + "type", new XElement(Maml + "name", entry.Key.Text)),
                    new XElement(Maml + "description", Paras(Text(entry.Value, where))));

            var links = new List<XElement>();
            foreach (var n in Section("RELATED LINKS"))
            {
                if (n.IsHeading || n.IsCode) { Problem(n.Line, "RELATED LINKS holds only [text](uri) links"); continue; }
                foreach (Match link in Regex.Matches(n.Text, @"\[([^\]]+)\]\(([^)]*)\)"))
                {
                    var uri = link.Groups[2].Value;
                    links.Add(new XElement(Maml + "navigationLink", new XElement(Maml + "linkText", link.Groups[1].Value),
                        new XElement(Maml + "uri", Uri.TryCreate(uri, UriKind.Absolute, out _) ? uri : "")));
                }
            }

            // Syntax: one item per parameter set, as PlatyPS derives it from the parameters' yaml blocks, plus sets
            // that only the SYNTAX section names (sets made of (All) parameters), in the order of the SYNTAX
            // section's '### SetName' headings (the default set first, as the page shows it).
            var syntaxHeadings = Section("SYNTAX").Where(n => n.Level == 3).Select(n => Regex.Replace(n.Text, @"\s*\(Default\)$", ""))
                .Where(h => h != "__AllParameterSets" && h != "(All)").ToList(); // one set: a bare code block, or PlatyPS's __AllParameterSets
            var setNames = syntaxHeadings.Concat(parameters.SelectMany(p => p.Sets)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (setNames.Count > 1) setNames.Remove("(All)");
            foreach (var set in setNames.Where(s => s != "(All)" && !syntaxHeadings.Contains(s, StringComparer.OrdinalIgnoreCase)))
                Problem(1, $"SYNTAX: the parameter set '{set}' has no '### {set}' heading");
            var syntax = setNames.DefaultIfEmpty("(All)").Select(set => new XElement(Command + "syntaxItem",
                new XElement(Maml + "name", name),
                parameters.Where(p => p.Sets.Contains(set, StringComparer.OrdinalIgnoreCase) || p.Sets.Contains("(All)"))
                    .OrderBy(p => p.Get("Position", "Named"), StringComparer.Ordinal)
                    .Select(p => ParameterElement(p, inSyntax: true))));

            var verb = name.Split('-')[0];
            return new XElement(Command + "command",
                new XAttribute(XNamespace.Xmlns + "maml", Maml),
                new XAttribute(XNamespace.Xmlns + "command", Command),
                new XAttribute(XNamespace.Xmlns + "dev", Dev),
                new XAttribute(XNamespace.Xmlns + "MSHelp", MSHelp),
                new XElement(Command + "details",
                    new XElement(Command + "name", name),
                    new XElement(Command + "verb", verb),
                    new XElement(Command + "noun", name.Substring(Math.Min(verb.Length + 1, name.Length))),
                    new XElement(Maml + "description", Paras(synopsis))),
                new XElement(Maml + "description", Paras(description)),
                new XElement(Command + "syntax", syntax),
                new XElement(Command + "parameters", parameters.Select(p => ParameterElement(p, inSyntax: false))),
                new XElement(Command + "inputTypes", Entries("INPUTS").Select(e => TypeEntry("inputType", e, "INPUTS"))),
                new XElement(Command + "returnValues", Entries("OUTPUTS").Select(e => TypeEntry("returnValue", e, "OUTPUTS"))),
                new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paras(Text(Section("NOTES"), "NOTES")))),
                new XElement(Command + "examples", examples),
                new XElement(Command + "relatedLinks", links));
        }

        private static XElement ParameterElement(Parameter p, bool inSyntax)
        {
            var type = p.IsSwitch ? "SwitchParameter" : p.Get("Type", "");
            var aliases = p.Get("Aliases", "");
            var defaultValue = p.Get("Default value", "None");
            return new XElement(Command + "parameter",
                new XAttribute("required", Bool(p.Get("Required", "false"))),
                new XAttribute("variableLength", "true"),
                new XAttribute("globbing", Bool(p.Get("Accept wildcard characters", "false"))),
                new XAttribute("pipelineInput", p.Get("Accept pipeline input", "False")),
                new XAttribute("position", p.Get("Position", "named").ToLowerInvariant()),
                new XAttribute("aliases", aliases.Length > 0 ? string.Join(", ", aliases.Split(',').Select(a => a.Trim())) : "none"),
                new XElement(Maml + "name", p.Name),
                new XElement(Maml + "description", Paras(p.Description)),
                inSyntax && p.IsSwitch ? null : new XElement(Command + "parameterValue",
                    new XAttribute("required", p.IsSwitch ? "false" : "true"), new XAttribute("variableLength", "false"), type),
                new XElement(Dev + "type", new XElement(Maml + "name", type), new XElement(Maml + "uri")),
                new XElement(Dev + "defaultValue", p.IsSwitch && defaultValue == "None" ? "False" : defaultValue));
        }

        private static string Bool(string value) => value.Equals("true", StringComparison.OrdinalIgnoreCase) ? "true" : "false";

        // One maml:para per paragraph (blank-line separated), its lines kept: Get-Help prints a para's line breaks
        // as written and a blank line between paras, so lists keep their layout. Get-Help trims the start of a
        // para, so an indented block (commands) joins the paragraph before it, after a blank line.
        private static IEnumerable<XElement> Paras(string text)
        {
            var paras = new List<string>();
            foreach (var p in Regex.Split(text, @"\n[ \t]*\n").Select(p => p.Trim('\n')).Where(p => p.Trim().Length > 0))
                if (paras.Count > 0 && char.IsWhiteSpace(p[0])) paras[paras.Count - 1] += "\n\n" + p;
                else paras.Add(p);
            return paras.Select(p => new XElement(Maml + "para", p));
        }

        // PlatyPS pads example titles with dashes to 64 characters.
        private static string PadTitle(string title)
        {
            if (title.Trim().Length == 0 || title.Length >= 62) return title;
            var pad = new string('-', (64 - title.Length - 2) / 2);
            return pad + " " + title + " " + pad;
        }

        // ---- about page -> about_*.help.txt, as PlatyPS renders about topics ----

        /// <summary>
        /// The first heading becomes TOPIC, the '## about_Name' under it the indented topic name; other '#'
        /// headings are upper-cased section names, '##' headings stay as written, deeper ones are indented.
        /// Text and code are indented by 4 spaces; markdown links keep their text.
        /// </summary>
        public static string AboutText(string file)
        {
            var nodes = Parse(file);
            var sb = new StringBuilder();
            for (var i = 0; i < nodes.Count; i++)
            {
                var n = nodes[i];
                if (n.IsHeading)
                {
                    if (i == 0) sb.Append("TOPIC\n");
                    else if (i == 1 && n.Level == 2) sb.Append("    ").Append(n.Text.ToLowerInvariant()).Append("\n\n");
                    else if (n.Level == 1) sb.Append(n.Text.ToUpperInvariant()).Append('\n');
                    else if (n.Level == 2) sb.Append(n.Text).Append('\n');
                    else sb.Append("    ").Append(n.Text.ToUpperInvariant()).Append('\n');
                    continue;
                }
                var text = n.IsCode ? n.Text : Regex.Replace(n.Text, @"\[([^\]]+)\]\([^)]*\)", "$1");
                foreach (var line in text.Split('\n')) sb.Append(line.Trim().Length == 0 ? "" : "    " + line).Append('\n');
                sb.Append('\n');
            }
            return sb.ToString();
        }
    }
}
