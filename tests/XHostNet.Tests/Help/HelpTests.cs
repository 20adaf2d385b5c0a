using System.Collections;
using System.Management.Automation;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using XHostNet.Build;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Help;

/// <summary>
/// Get-Help in the engine, against the help the build lays out in out/XHostNet/en-US from docs/en-US: every
/// cmdlet's synopsis, description, parameters and examples of the markdown reach Get-Help. The markdown side is
/// read here with a few regular expressions, apart from the build step (src/XHostNet.Help/XHostNetHelp.cs) under test.
/// </summary>
public sealed class HelpTests : IDisposable
{
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    private readonly PowerShellRunner _ps = new();

    private static string DocsDir => Path.Combine(Repo.RootDir, "docs", "en-US");
    private static string ModuleHelpDir => Path.Combine(Repo.RootDir, "out", "XHostNet", "en-US");

    private IReadOnlyList<string> ExportedCmdlets() =>
        _ps.Run("Get-Command -Module XHostNet").Output.Select(o => ((CmdletInfo)o.BaseObject).Name).OrderBy(n => n).ToList();

    private static string Normalize(string text) => Regex.Replace(text, @"\s+", " ").Trim();

    /// <summary>The body of a '## NAME' section of a page, up to the next '## ' heading.</summary>
    private static string Section(string page, string name) =>
        Regex.Match(page, $@"^## {name}[ \t]*\n(.*?)(?=^## |\z)", RegexOptions.Multiline | RegexOptions.Singleline).Groups[1].Value;

    /// <summary>The '### heading' entries of a section, with their bodies.</summary>
    private static List<(string Heading, string Body)> Entries(string section) =>
        Regex.Matches(section, @"^### (.*?)[ \t]*\n(.*?)(?=^### |\z)", RegexOptions.Multiline | RegexOptions.Singleline)
            .Select(m => (m.Groups[1].Value, m.Groups[2].Value)).ToList();

    private static string Page(string cmdlet) => File.ReadAllText(Path.Combine(DocsDir, cmdlet + ".md")).Replace("\r\n", "\n");

    private static string Texts(object? value) => value switch
    {
        null => "",
        PSObject p when p.BaseObject is not PSCustomObject => Texts(p.BaseObject),
        string s => s,
        IEnumerable e => string.Join("\n\n", e.Cast<object?>().Select(Texts)),
        _ => value.ToString() ?? "",
    };

    private static Hashtable Table(object o) => (Hashtable)(o is PSObject p ? p.BaseObject : o);

    [Fact]
    public void The_docs_follow_the_PlatyPS_schema()
    {
        var output = Directory.CreateTempSubdirectory("xhn-help-");
        try
        {
            var problems = HelpBuilder.Write(DocsDir, output.FullName, "XHostNet.dll-Help.xml");
            Assert.Empty(problems.Select(p => p.ToString()));
        }
        finally { output.Delete(recursive: true); }
    }

    [Fact]
    public void A_page_that_breaks_the_schema_is_reported_and_still_rendered()
    {
        var docs = Directory.CreateTempSubdirectory("xhn-help-");
        try
        {
            File.WriteAllText(Path.Combine(docs.FullName, "Get-Thing.md"), string.Join("\n",
                "# Get-Thing", "## SYNOPSIS", "Gets a <thing> & more.", "## DESCRIPTION", "Runs:", "", "```", "thing --list", "```", "",
                "## EXAMPLES", "### Example 1: Two parts", "```powershell", "Get-Thing", "```", "", "Then:", "", "```powershell", "Get-Thing -All", "```",
                "## PARAMETERS", "### -All", "Gets all things.", "## INPUTS", "## OUTPUTS", "## NOTES", "## RELATED LINKS", ""));
            var problems = HelpBuilder.Write(docs.FullName, docs.FullName, "X-Help.xml").Select(p => p.ToString()).ToList();
            Assert.Contains(problems, p => p.StartsWith("Get-Thing.md:7: a fenced code block in DESCRIPTION"));
            Assert.Contains(problems, p => p.StartsWith("Get-Thing.md:19: a fenced code block in the remarks of 'Example 1: Two parts'"));
            Assert.Contains(problems, p => p == "Get-Thing.md:23: -All has no ```yaml block");
            Assert.Contains(problems, p => p == "Get-Thing.md:1: missing section '## SYNTAX'");
            var maml = XDocument.Load(Path.Combine(docs.FullName, "X-Help.xml"));
            Assert.Equal("Gets a <thing> & more.", maml.Descendants(Command + "details").Single().Element(Maml + "description")!.Value);
            Assert.Contains("thing --list", maml.Root!.Element(Command + "command")!.Element(Maml + "description")!.Value);
        }
        finally { docs.Delete(recursive: true); }
    }

    [Fact]
    public void The_module_folder_holds_MAML_of_the_shape_Get_Help_reads_for_every_exported_cmdlet()
    {
        var maml = XDocument.Load(Path.Combine(ModuleHelpDir, "XHostNet.dll-Help.xml")); // throws unless well-formed
        Assert.Equal(XName.Get("helpItems", "http://msh"), maml.Root!.Name);
        Assert.Equal("maml", maml.Root.Attribute("schema")?.Value);
        var commands = maml.Root.Elements(Command + "command").ToList();
        Assert.Equal(ExportedCmdlets(), commands.Select(c => c.Element(Command + "details")!.Element(Command + "name")!.Value).OrderBy(n => n).ToList());
        foreach (var command in commands)
        {
            var details = command.Element(Command + "details")!;
            var name = details.Element(Command + "name")!.Value;
            Assert.Equal(name, $"{details.Element(Command + "verb")!.Value}-{details.Element(Command + "noun")!.Value}");
            Assert.NotEmpty(details.Element(Maml + "description")!.Elements(Maml + "para"));
            Assert.NotEmpty(command.Element(Maml + "description")!.Elements(Maml + "para"));
            var syntaxItems = command.Element(Command + "syntax")!.Elements(Command + "syntaxItem").ToList();
            Assert.NotEmpty(syntaxItems);
            Assert.All(syntaxItems, s => Assert.Equal(name, s.Element(Maml + "name")!.Value));
            var parameters = command.Element(Command + "parameters")!.Elements(Command + "parameter").ToList();
            foreach (var p in parameters.Concat(syntaxItems.SelectMany(s => s.Elements(Command + "parameter"))))
            {
                foreach (var attribute in new[] { "required", "variableLength", "globbing", "pipelineInput", "position", "aliases" })
                    Assert.NotNull(p.Attribute(attribute));
                Assert.Matches("^(true|false)$", p.Attribute("required")!.Value);
                Assert.Matches("^([0-9]+|named)$", p.Attribute("position")!.Value);
                Assert.NotEmpty(p.Element(Maml + "name")!.Value);
                Assert.NotEmpty(p.Element(Dev + "type")!.Element(Maml + "name")!.Value);
            }
            Assert.All(parameters, p => Assert.NotNull(p.Element(Dev + "defaultValue")));
            Assert.All(parameters, p => Assert.NotEmpty(p.Element(Maml + "description")!.Elements(Maml + "para")));
            Assert.NotNull(command.Element(Command + "inputTypes"));
            Assert.NotEmpty(command.Element(Command + "returnValues")!.Elements(Command + "returnValue"));
            Assert.NotNull(command.Element(Maml + "alertSet")?.Element(Maml + "alert"));
            var examples = command.Element(Command + "examples")!.Elements(Command + "example").ToList();
            Assert.NotEmpty(examples);
            Assert.All(examples, e => Assert.Equal(new[] { Maml + "title", Dev + "code", Dev + "remarks" }, e.Elements().Select(x => x.Name)));
            Assert.NotNull(command.Element(Command + "relatedLinks"));
        }
    }

    [Fact]
    public void Get_Help_Full_shows_the_synopsis_description_parameters_and_examples_of_every_page()
    {
        var missing = new List<string>();
        foreach (var cmdlet in ExportedCmdlets())
        {
            var page = Page(cmdlet);
            var help = Table(Assert.Single(_ps.Run($$"""
                $h = Get-Help {{cmdlet}} -Full
                @{
                    Synopsis = [string]$h.Synopsis
                    Description = @($h.description | ForEach-Object { $_.Text })
                    Parameters = @($h.parameters.parameter | ForEach-Object { @{ Name = [string]$_.name; Text = @($_.description | ForEach-Object { $_.Text }) } })
                    Examples = @($h.examples.example | ForEach-Object { @{ Title = [string]$_.title; Code = [string]$_.code; Remarks = @($_.remarks | ForEach-Object { $_.Text }) } })
                }
                """).Output));

            if (Normalize(Texts(help["Synopsis"])) != Normalize(Section(page, "SYNOPSIS"))) missing.Add($"{cmdlet}: synopsis");
            if (Normalize(Texts(help["Description"])) != Normalize(Section(page, "DESCRIPTION"))) missing.Add($"{cmdlet}: description");

            var parameters = ((IEnumerable)help["Parameters"]!).Cast<object>().Select(Table).ToDictionary(p => Texts(p["Name"]), p => Texts(p["Text"]));
            foreach (var (heading, body) in Entries(Section(page, "PARAMETERS")).Where(e => e.Heading.StartsWith('-')))
            {
                var name = heading.Substring(1);
                var text = body.Substring(0, body.IndexOf("```yaml", StringComparison.Ordinal));
                if (!parameters.TryGetValue(name, out var shown)) missing.Add($"{cmdlet}: parameter {name}");
                else if (Normalize(shown) != Normalize(text) || shown.Trim().Length == 0) missing.Add($"{cmdlet}: the description of {name}");
            }

            var examples = ((IEnumerable)help["Examples"]!).Cast<object>().Select(Table).ToList();
            var pageExamples = Entries(Section(page, "EXAMPLES"));
            if (examples.Count != pageExamples.Count) missing.Add($"{cmdlet}: {pageExamples.Count} examples in the page, {examples.Count} in Get-Help");
            foreach (var ((title, body), shown) in pageExamples.Zip(examples))
            {
                if (!Texts(shown["Title"]).Contains(title)) missing.Add($"{cmdlet}: the title of '{title}'");
                var codes = Regex.Matches(body, "```\\w*\\n(.*?)```", RegexOptions.Singleline).Select(m => m.Groups[1].Value.TrimEnd('\n'));
                if (Normalize(Texts(shown["Code"])) != Normalize(string.Join("\n\n", codes))) missing.Add($"{cmdlet}: the code of '{title}'");
                var remarks = body.Substring(body.LastIndexOf("```", StringComparison.Ordinal) + 3);
                if (Normalize(Texts(shown["Remarks"])) != Normalize(remarks)) missing.Add($"{cmdlet}: the remarks of '{title}'");
            }
        }
        Assert.Empty(missing);
    }

    [Fact]
    public void Get_Help_syntax_has_the_parameter_sets_of_each_cmdlet()
    {
        var common = System.Management.Automation.Cmdlet.CommonParameters;
        var wrong = new List<string>();
        foreach (var cmdlet in _ps.Run("Get-Command -Module XHostNet").Output.Select(o => (CmdletInfo)o.BaseObject))
        {
            static string Key(IEnumerable<string> names) => string.Join(",", names.OrderBy(n => n, StringComparer.OrdinalIgnoreCase));
            var actual = cmdlet.ParameterSets.Select(s => Key(s.Parameters.Select(p => p.Name).Where(n => !common.Contains(n)))).OrderBy(k => k).ToList();
            var shown = _ps.Run($"@((Get-Help {cmdlet.Name} -Full).syntax.syntaxItem | ForEach-Object {{ @($_.parameter | ForEach-Object {{ [string]$_.name }}) -join ',' }})")
                .Output.Select(o => Key(((string)o.BaseObject).Split(',', StringSplitOptions.RemoveEmptyEntries))).OrderBy(k => k).ToList();
            if (!actual.SequenceEqual(shown)) wrong.Add($"{cmdlet.Name}: the cmdlet has [{string.Join("] [", actual)}], Get-Help shows [{string.Join("] [", shown)}]");
        }
        Assert.Empty(wrong);
    }

    [Fact]
    public void Get_Help_Examples_shows_the_examples()
    {
        var text = _ps.Run("Get-Help New-LinuxBridge -Examples | Out-Default").HostText;
        Assert.Contains("Example 1: See the commands before creating a bridge", text);
        Assert.Contains("New-LinuxBridge br0 -Address 172.16.32.1/24 -Session $lab1 -WhatIf", text);
        Assert.Contains("Example 6: IPv4 and IPv6 addresses, STP and MTU on several hosts", text);
        Assert.Contains("-WhatIf` reads the host to make the plan", text);
        Assert.DoesNotContain("PARAMETERS", text);
    }

    [Fact]
    public void Get_Help_Parameter_shows_that_parameter()
    {
        var text = _ps.Run("Get-Help New-LinuxBridge -Parameter Address | Out-Default").HostText;
        Assert.Contains("-Address <InterfaceAddress[]>", text);
        Assert.Contains("The addresses of the bridge, in CIDR form", text);
        Assert.Matches(@"Accept pipeline input\?\s+True \(ByPropertyName\)", text);
        Assert.DoesNotContain("-Mtu", text);
    }

    [Fact]
    public void Get_Help_about_XHostNet_shows_the_about_topic()
    {
        Assert.True(File.Exists(Path.Combine(ModuleHelpDir, "about_XHostNet.help.txt")));
        var text = Texts(Assert.Single(_ps.Run("Get-Help about_XHostNet").Output));
        Assert.StartsWith("TOPIC\n    about_xhostnet\n\nSHORT DESCRIPTION\n    XHostNet configures container networking", text.Replace("\r\n", "\n"));
        Assert.Contains("\nLONG DESCRIPTION\n", text);
        Assert.Contains("\nSESSIONS\n    A session is the host a cmdlet acts on.", text);
        Assert.Contains("\nSEE ALSO\n    - New-XHostSession\n", text); // markdown links keep their text
    }

    [Fact]
    public void Get_Help_works_in_xhostnet_shell()
    {
        // The console host as a user runs it (built with the tests, in the same configuration; see ConsoleHostTests).
        var shell = Path.Combine(Repo.RootDir, "src", "XHostNet.Host", "bin",
            new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name, "net10.0", "xhostnet-shell");
        var (exit, output, error) = Sh.Run(shell, "-Module", Repo.ModuleManifest, "-Command",
            "Get-Help New-LinuxBridge -Examples; Get-Help New-LinuxBridge -Parameter Mtu; Get-Help about_XHostNet");
        Assert.Equal("", error);
        Assert.Equal(0, exit);
        Assert.Contains("Example 1: See the commands before creating a bridge", output);
        Assert.Contains("New-LinuxBridge br0 -Address 172.16.32.1/24 -Session $lab1 -WhatIf", output);
        Assert.Contains("The MTU of the bridge, from 68 to 65535.", output);
        Assert.Contains("SHORT DESCRIPTION", output);
    }

    public void Dispose() => _ps.Dispose();
}
