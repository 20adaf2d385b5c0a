using System.Management.Automation;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.PowerShell;

/// <summary>The module as shipped: manifest exports, help pages, format views and ShouldProcess cannot drift from the code.</summary>
public sealed class ModuleContractTests : IDisposable
{
    private static readonly string[] CommonParameters =
    {
        "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable", "WarningVariable",
        "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable",
    };

    private readonly PowerShellRunner _ps = new();

    private IReadOnlyList<CmdletInfo> ExportedCmdlets() =>
        _ps.Run("Get-Command -Module XHostNet").Output.Select(o => (CmdletInfo)o.BaseObject).ToList();

    private static IEnumerable<Type> CmdletTypes() =>
        typeof(XHostNet.Commands.XHostCmdlet).Assembly.GetTypes().Where(t => t.GetCustomAttribute<CmdletAttribute>() != null);

    [Fact]
    public void The_manifest_exports_exactly_the_cmdlets_the_assembly_defines()
    {
        var manifest = File.ReadAllText(Path.Combine(Repo.RootDir, "XHostNet.psd1"));
        var block = Regex.Match(manifest, @"CmdletsToExport\s*=\s*@\(([^)]*)\)").Groups[1].Value;
        var listed = Regex.Matches(block, @"'([^']+)'").Select(m => m.Groups[1].Value).OrderBy(n => n).ToList();
        var defined = CmdletTypes().Select(t => t.GetCustomAttribute<CmdletAttribute>()!).Select(a => $"{a.VerbName}-{a.NounName}").OrderBy(n => n).ToList();
        Assert.Equal(defined, listed);
        Assert.Equal(defined, ExportedCmdlets().Select(c => c.Name).OrderBy(n => n).ToList());
    }

    [Fact]
    public void Every_exported_cmdlet_and_parameter_has_its_help_page_and_section()
    {
        var missing = new List<string>();
        foreach (var cmdlet in ExportedCmdlets())
        {
            var page = Path.Combine(Repo.RootDir, "docs", "en-US", cmdlet.Name + ".md");
            if (!File.Exists(page))
            {
                missing.Add(page);
                continue;
            }
            var text = File.ReadAllText(page);
            foreach (var section in new[] { "## SYNOPSIS", "## SYNTAX", "## DESCRIPTION", "## EXAMPLES", "## PARAMETERS", "## OUTPUTS" })
                if (!text.Contains(section)) missing.Add($"{cmdlet.Name}: {section}");
            if (!Regex.IsMatch(text, @"```powershell\r?\n[^`]*" + Regex.Escape(cmdlet.Name))) missing.Add($"{cmdlet.Name}: an example that uses it");
            foreach (var parameter in cmdlet.Parameters.Keys.Except(CommonParameters))
                if (!Regex.IsMatch(text, $@"^### -{Regex.Escape(parameter)}\s*$", RegexOptions.Multiline))
                    missing.Add($"{cmdlet.Name}: ### -{parameter}");
            // ... and documents no parameter the cmdlet lacks (Get-Help would show it).
            foreach (Match documented in Regex.Matches(text, @"^### -(\S+)\s*$", RegexOptions.Multiline))
                if (!cmdlet.Parameters.ContainsKey(documented.Groups[1].Value))
                    missing.Add($"{cmdlet.Name}: ### -{documented.Groups[1].Value} documents a parameter the cmdlet lacks");
        }
        Assert.True(File.Exists(Path.Combine(Repo.RootDir, "docs", "en-US", "about_XHostNet.help.md")), "about_XHostNet.help.md");
        Assert.Empty(missing);
    }

    [Fact]
    public void Every_output_type_has_a_table_view()
    {
        var format = XDocument.Load(Path.Combine(Repo.RootDir, "src", "XHostNet", "XHostNet.Format.ps1xml"));
        var tableViews = format.Descendants("View").Where(v => v.Element("TableControl") != null)
            .Select(v => v.Element("ViewSelectedBy")!.Element("TypeName")!.Value).ToHashSet();
        var outputTypes = CmdletTypes().SelectMany(t => t.GetCustomAttributes<OutputTypeAttribute>()).SelectMany(o => o.Type)
            .Select(t => t.Type).Where(t => t != null && t != typeof(void) && !t.IsPrimitive) // -Quiet's Boolean needs no view
            .Select(t => t!.FullName!).Distinct().ToList();
        Assert.NotEmpty(outputTypes);
        Assert.All(outputTypes, t => Assert.Contains(t, tableViews));
    }

    [Fact]
    public void Every_cmdlet_that_changes_a_host_supports_WhatIf()
    {
        var readOnly = new[] { "Get", "Find", "Test" };
        foreach (var type in CmdletTypes())
        {
            var attribute = type.GetCustomAttribute<CmdletAttribute>()!;
            // New-XHostSession and New-ContainerSubnetPlan make objects in this PowerShell session, not on a host.
            if (readOnly.Contains(attribute.VerbName) || attribute.VerbName == "New" && attribute.NounName is "XHostSession" or "ContainerSubnetPlan") continue;
            Assert.True(attribute.SupportsShouldProcess, $"{attribute.VerbName}-{attribute.NounName} must support -WhatIf/-Confirm");
        }
    }

    [Fact]
    public void Tables_render_in_the_hosted_engine()
    {
        var text = _ps.Run("New-XHostSession -Name xhn-view | Out-Default; Get-XHostSession xhn-view | Remove-XHostSession").HostText;
        Assert.Matches(@"Id\s+SessionName\s+Kind\s+Host\s+Elevation\s+IsOpen", text);
        Assert.Contains("xhn-view", text);
    }

    public void Dispose() => _ps.Dispose();
}
