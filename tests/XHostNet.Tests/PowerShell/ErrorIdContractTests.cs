using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.PowerShell;

/// <summary>
/// The error ids are one list (<see cref="ErrorIds"/>) that code, docs and tests share, checked both ways: every
/// constant is raised by src/ and documented; every id the docs, the tests or src/ name is a constant.
/// </summary>
public class ErrorIdContractTests
{
    private static readonly IReadOnlyDictionary<string, string> Constants = typeof(ErrorIds)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!);

    private static readonly HashSet<string> Ids = new(Constants.Values, StringComparer.Ordinal);

    // Error ids the PowerShell engine itself raises (parameter binding, validation); tests may name them as literals.
    private static readonly HashSet<string> EngineIds = new(StringComparer.Ordinal)
    {
        "ParameterArgumentValidationError", "ParameterArgumentTransformationError", "ParameterBindingFailed",
        "MissingMandatoryParameter", "NamedParameterNotFound", "AmbiguousParameterSet", "PositionalParameterNotFound",
        "CannotConvertArgumentNoMessage", "CommandNotFoundException", "ParameterArgumentValidationErrorEmptyStringNotAllowed",
        "ParameterArgumentValidationErrorNullNotAllowed", "ParameterArgumentValidationErrorEmptyArrayNotAllowed",
    };

    private static string SrcDir => Path.Combine(Repo.RootDir, "src");
    private static string DocsDir => Path.Combine(Repo.RootDir, "docs", "en-US");
    private static string TestsDir => Path.Combine(Repo.RootDir, "tests");
    private static string ErrorIdsFile => Path.Combine(SrcDir, "XHostNet", "ErrorIds.cs");

    [Fact]
    public void Every_constant_is_its_own_name_and_documented_in_ErrorIds()
    {
        Assert.NotEmpty(Constants);
        Assert.All(Constants, c => Assert.Equal(c.Key, c.Value));
        var tree = Parse(ErrorIdsFile);
        var undocumented = tree.GetRoot().DescendantNodes().OfType<FieldDeclarationSyntax>()
            .Where(f => !f.GetLeadingTrivia().Any(t => t.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia)))
            .SelectMany(f => f.Declaration.Variables.Select(v => v.Identifier.Text));
        None(undocumented);
    }

    [Fact]
    public void Every_constant_is_raised_by_the_code()
    {
        var raised = SourceFiles(SrcDir).Where(f => f != ErrorIdsFile)
            .SelectMany(f => Parse(f).GetRoot().DescendantNodes().OfType<MemberAccessExpressionSyntax>())
            .Where(m => m.Expression is IdentifierNameSyntax { Identifier.Text: nameof(ErrorIds) } && !IsComparison(m))
            .Select(m => m.Name.Identifier.Text)
            .ToHashSet();
        None(Constants.Keys.Where(id => !raised.Contains(id)).OrderBy(id => id));
    }

    [Fact]
    public void Every_constant_is_documented_in_a_cmdlet_page_or_about_XHostNet()
    {
        var documented = DocumentedIds().SelectMany(p => p.Ids).ToHashSet();
        None(Ids.Where(id => !documented.Contains(id)).OrderBy(id => id));
    }

    [Fact]
    public void About_XHostNet_lists_every_constant()
    {
        var listed = DocumentedIds().Single(p => p.Page == "about_XHostNet.help.md").Ids.ToHashSet();
        None(Ids.Where(id => !listed.Contains(id)).OrderBy(id => id));
    }

    [Fact]
    public void Every_error_id_the_docs_name_is_a_constant()
    {
        var unknown = DocumentedIds().SelectMany(p => p.Ids.Where(id => !Ids.Contains(id)).Select(id => $"{p.Page}: {id}"));
        None(unknown);
    }

    [Fact]
    public void Every_error_id_a_cmdlet_raises_itself_is_in_its_page_notes()
    {
        var missing = new List<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(SrcDir, "XHostNet", "Commands"), "*Command.cs"))
        {
            var cmdlet = Regex.Match(File.ReadAllText(file), @"\[Cmdlet\(Verbs\w+\.(\w+), ""(\w+)""");
            if (!cmdlet.Success) continue;
            var page = $"{cmdlet.Groups[1].Value}-{cmdlet.Groups[2].Value}.md";
            var notes = Section(File.ReadAllText(Path.Combine(DocsDir, page)), "NOTES");
            missing.AddRange(Regex.Matches(File.ReadAllText(file), @"\bErrorIds\.(\w+)").Select(m => m.Groups[1].Value)
                .Distinct().Where(id => !notes.Contains($"`{id}`")).Select(id => $"{page}: {id}"));
        }
        None(missing);
    }

    [Fact]
    public void Every_cmdlet_that_reaches_hosts_names_the_session_and_read_errors_in_its_notes()
    {
        // Any session can be closed or removed under a cmdlet, and an SSH session reconnects (and checks the key again).
        var sessionIds = new[] { ErrorIds.SessionClosed, ErrorIds.SessionRemoved, ErrorIds.HostConnectionFailed, ErrorIds.HostKeyNotTrusted };
        var missing = new List<string>();
        foreach (var file in Directory.GetFiles(DocsDir, "*-*.md"))
        {
            var text = File.ReadAllText(file);
            if (!text.Contains("### -Session") || Path.GetFileName(file) == "Remove-XHostSession.md") continue; // that one only closes sessions
            var notes = Section(text, "NOTES");
            // Those that read a host parse its tools' output; Invoke-XHostCommand returns it, Get-FlannelSubnet has its own id.
            var reads = Path.GetFileName(file) is "Invoke-XHostCommand.md" or "Get-FlannelSubnet.md" ? Array.Empty<string>() : new[] { ErrorIds.ToolOutputUnreadable };
            missing.AddRange(sessionIds.Concat(reads).Where(id => !notes.Contains($"`{id}`")).Select(id => $"{Path.GetFileName(file)}: {id}"));
        }
        None(missing);
    }

    [Fact]
    public void No_string_literal_is_an_error_id_in_src()
    {
        var files = SourceFiles(SrcDir).Where(f => f != ErrorIdsFile).Select(f => (File: f, Root: Parse(f).GetRoot())).ToList();
        // Every method or constructor in src/ whose string parameter is named id or errorId takes an error id there.
        var idParameters = files.SelectMany(f => f.Root.DescendantNodes().OfType<BaseMethodDeclarationSyntax>())
            .SelectMany(m => m.ParameterList.Parameters.Select((p, i) => (Method: NameOf(m), Index: i, Parameter: p)))
            .Where(x => x.Method != null && Regex.IsMatch(x.Parameter.Identifier.Text, "^(id|errorId)$") && x.Parameter.Type?.ToString() == "string")
            .Select(x => (x.Method!, x.Index))
            .Append(("ErrorRecord", 1)) // System.Management.Automation.ErrorRecord(exception, errorId, category, target)
            .ToHashSet();
        Assert.Contains(("XHostException", 1), idParameters);

        var literals = new List<string>();
        foreach (var (file, root) in files)
        {
            string Where(SyntaxNode n) => $"{Path.GetRelativePath(Repo.RootDir, file)}:{n.GetLocation().GetLineSpan().StartLinePosition.Line + 1}: {n}";
            foreach (var call in root.DescendantNodes().Where(n => n is BaseObjectCreationExpressionSyntax || n is InvocationExpressionSyntax))
            {
                var (name, args) = call switch
                {
                    ObjectCreationExpressionSyntax o => (Simple(o.Type), o.ArgumentList),
                    InvocationExpressionSyntax i => (Simple(i.Expression), i.ArgumentList),
                    _ => (null, null),
                };
                if (name is null || args is null) continue;
                foreach (var (arg, index) in args.Arguments.Select((a, i) => (a, i)))
                {
                    var position = arg.NameColon != null ? -1 : index;
                    var named = arg.NameColon?.Name.Identifier.Text is "id" or "errorId";
                    if ((idParameters.Contains((name, position)) || named) && IdValues(arg.Expression).Any(IsStringLiteral))
                        literals.Add(Where(arg));
                }
            }
            // FailureErrorId = "…", ex.ErrorId == "…", { ErrorId: "…" }
            literals.AddRange(root.DescendantNodes().OfType<AssignmentExpressionSyntax>()
                .Where(a => Simple(a.Left)?.EndsWith("ErrorId") == true && IdValues(a.Right).Any(IsStringLiteral)).Select(Where));
            literals.AddRange(root.DescendantNodes().OfType<BinaryExpressionSyntax>()
                .Where(b => b.IsKind(SyntaxKind.EqualsExpression) || b.IsKind(SyntaxKind.NotEqualsExpression))
                .Where(b => (Simple(b.Left)?.EndsWith("ErrorId") == true && IsStringLiteral(b.Right)) ||
                            (Simple(b.Right)?.EndsWith("ErrorId") == true && IsStringLiteral(b.Left))).Select(Where));
            literals.AddRange(root.DescendantNodes().OfType<SubpatternSyntax>()
                .Where(s => s.NameColon?.Name.Identifier.Text == "ErrorId" && s.Pattern is ConstantPatternSyntax c && IsStringLiteral(c.Expression)).Select(Where));
            // An id written out anywhere else (a local, a default, a message's id) is one too.
            literals.AddRange(root.DescendantNodes().OfType<LiteralExpressionSyntax>()
                .Where(l => IsStringLiteral(l) && Ids.Contains(l.Token.ValueText)).Select(Where));
            // No second list of ids beside ErrorIds.
            literals.AddRange(root.DescendantNodes().OfType<FieldDeclarationSyntax>()
                .Where(f => f.Modifiers.Any(SyntaxKind.ConstKeyword) && f.Declaration.Variables.Any(v => v.Identifier.Text.EndsWith("ErrorId"))).Select(Where));
        }
        None(literals.Distinct());
    }

    [Fact]
    public void The_tests_name_error_ids_through_the_constants()
    {
        var self = Path.Combine(TestsDir, "XHostNet.Tests", "PowerShell", nameof(ErrorIdContractTests) + ".cs");
        var literals = new List<string>();
        foreach (var file in SourceFiles(Path.Combine(TestsDir, "XHostNet.Tests")).Where(f => f != self))
        {
            foreach (var literal in Parse(file).GetRoot().DescendantNodes().OfType<LiteralExpressionSyntax>().Where(IsStringLiteral))
            {
                var id = literal.Token.ValueText.Split(',')[0];
                var assertion = literal.Ancestors().FirstOrDefault(a => a is InvocationExpressionSyntax or AttributeSyntax)?.ToString() ?? "";
                // An id written out (use ErrorIds.X), or an id-looking name asserted as an error id that is no constant.
                if (Ids.Contains(id) || (IsIdLooking(id) && !EngineIds.Any(e => e.StartsWith(id, StringComparison.Ordinal)) && Regex.IsMatch(assertion, "ErrorId|errorId")))
                    literals.Add($"{Path.GetRelativePath(Repo.RootDir, file)}:{literal.GetLocation().GetLineSpan().StartLinePosition.Line + 1}: {literal}");
            }
        }
        // Pester and the runbooks cannot use the constants: their literals must be ids the module has (or the engine's own).
        foreach (var file in Directory.GetFiles(TestsDir, "*.ps1", SearchOption.AllDirectories))
        {
            foreach (Match m in Regex.Matches(File.ReadAllText(file), @"(?:-ErrorId|FullyQualifiedErrorId\b[^'""\r\n]*)\s*['""]([A-Za-z]+)[,'""]"))
            {
                if (!Ids.Contains(m.Groups[1].Value) && !EngineIds.Contains(m.Groups[1].Value))
                    literals.Add($"{Path.GetRelativePath(Repo.RootDir, file)}: {m.Value}");
            }
        }
        None(literals);
    }

    /// <summary>The ids each page names: backticked PascalCase words in a cmdlet page's NOTES (less the module's property, type and enum names), and the error table of about_XHostNet's ERRORS section.</summary>
    private static IEnumerable<(string Page, IReadOnlyCollection<string> Ids)> DocumentedIds()
    {
        var otherNames = OtherNames();
        foreach (var file in Directory.GetFiles(DocsDir, "*.md"))
        {
            var text = File.ReadAllText(file);
            var page = Path.GetFileName(file);
            if (page.StartsWith("about_"))
            {
                var rows = Regex.Matches(Section(text, "ERRORS"), @"^\| ([^|]+) \|", RegexOptions.Multiline).Select(m => m.Groups[1].Value)
                    .Where(cell => cell.Trim() != "Error id" && !cell.StartsWith("---"));
                yield return (page, rows.SelectMany(cell => Regex.Matches(cell, @"\b[A-Z]\w+\b").Select(m => m.Value)).Distinct().ToList());
            }
            else
            {
                yield return (page, Regex.Matches(Section(text, "NOTES"), @"`([A-Za-z]+)`").Select(m => m.Groups[1].Value)
                    .Where(w => IsIdLooking(w) && !otherNames.Contains(w)).Distinct().ToList());
            }
        }
    }

    // Names the docs put in backticks that are not error ids: the module's public types, their properties and enum values.
    private static HashSet<string> OtherNames()
    {
        var types = typeof(ErrorIds).Assembly.GetExportedTypes().Where(t => t != typeof(ErrorIds)).ToList();
        return types.Select(t => t.Name)
            .Concat(types.SelectMany(t => t.GetProperties().Select(p => p.Name)))
            .Concat(types.Where(t => t.IsEnum).SelectMany(Enum.GetNames))
            .Where(n => !Ids.Contains(n))
            .ToHashSet(StringComparer.Ordinal);
    }

    private static void None(IEnumerable<string> violations)
    {
        var list = violations.ToList();
        Assert.True(list.Count == 0, $"{list.Count}:\n" + string.Join("\n", list));
    }

    private static bool IsIdLooking(string word) => Regex.IsMatch(word, "^[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+$");

    private static string Section(string markdown, string heading)
    {
        var m = Regex.Match(markdown, $@"^## {heading}\r?\n(.*?)(?=^## |\z)", RegexOptions.Singleline | RegexOptions.Multiline);
        Assert.True(m.Success, $"no ## {heading} section");
        return m.Groups[1].Value;
    }

    private static IEnumerable<string> SourceFiles(string dir) =>
        Directory.GetFiles(dir, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"));

    private static SyntaxTree Parse(string file) => CSharpSyntaxTree.ParseText(File.ReadAllText(file), path: file);

    private static string? NameOf(BaseMethodDeclarationSyntax m) => m switch
    {
        MethodDeclarationSyntax method => method.Identifier.Text,
        ConstructorDeclarationSyntax ctor => ctor.Identifier.Text,
        _ => null,
    };

    // The simple name of a type or a called member: XHostException, ErrorRecord, Invalid, ThrowArgumentError, FailureErrorId, ErrorId.
    private static string? Simple(SyntaxNode node) => node switch
    {
        IdentifierNameSyntax i => i.Identifier.Text,
        GenericNameSyntax g => g.Identifier.Text,
        QualifiedNameSyntax q => q.Right.Identifier.Text,
        MemberAccessExpressionSyntax m => m.Name.Identifier.Text,
        ConditionalAccessExpressionSyntax c => Simple(c.WhenNotNull),
        MemberBindingExpressionSyntax b => b.Name.Identifier.Text,
        _ => null,
    };

    // The expressions whose value can become the id: both branches of ?:, both sides of ??, not a condition.
    private static IEnumerable<ExpressionSyntax> IdValues(ExpressionSyntax e) => e switch
    {
        ParenthesizedExpressionSyntax p => IdValues(p.Expression),
        ConditionalExpressionSyntax c => IdValues(c.WhenTrue).Concat(IdValues(c.WhenFalse)),
        BinaryExpressionSyntax b when b.IsKind(SyntaxKind.CoalesceExpression) => IdValues(b.Left).Concat(IdValues(b.Right)),
        _ => new[] { e },
    };

    private static bool IsStringLiteral(ExpressionSyntax e) =>
        e.IsKind(SyntaxKind.StringLiteralExpression) || e is InterpolatedStringExpressionSyntax;

    private static bool IsComparison(MemberAccessExpressionSyntax m) =>
        m.Parent is BinaryExpressionSyntax b && (b.IsKind(SyntaxKind.EqualsExpression) || b.IsKind(SyntaxKind.NotEqualsExpression)) ||
        m.Parent is ConstantPatternSyntax;
}
