using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace XHostNet.Host;

/// <summary>Writes the engine's streams to the console: output to stdout, errors/warnings/verbose to stderr.</summary>
internal sealed class ConsoleUserInterface : PSHostUserInterface
{
    private static readonly System.Text.RegularExpressions.Regex Escapes = new("\x1b\\[[0-9;?]*[A-Za-z]");
    private readonly ConsoleRawUserInterface _raw = new();
    private readonly TextWriter _out;
    private readonly TextWriter _err;

    public ConsoleUserInterface(TextWriter output, TextWriter error)
    {
        _out = output;
        _err = error;
    }

    /// <summary>Strip colour escapes (the formatter emits them even with OutputRendering PlainText in a custom host).</summary>
    public bool PlainText { get; set; }

    /// <summary>While set, formatted output goes to stderr (used to render a terminating error).</summary>
    public bool OutputToError { get; set; }

    private TextWriter Output => OutputToError ? _err : _out;

    private string Plain(string value) => PlainText ? Escapes.Replace(value, "") : value;

    public bool ErrorWritten { get; private set; }

    public override PSHostRawUserInterface RawUI => _raw;

    public override void Write(string value) => Output.Write(Plain(value));
    public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Output.Write(Plain(value));
    public override void WriteLine(string value) => Output.WriteLine(Plain(value));

    public override void WriteErrorLine(string value)
    {
        ErrorWritten = true;
        _err.WriteLine(Plain(value));
    }

    public override void WriteWarningLine(string message) => _err.WriteLine(Plain("WARNING: " + message));
    public override void WriteVerboseLine(string message) => _err.WriteLine("VERBOSE: " + message);
    public override void WriteDebugLine(string message) => _err.WriteLine("DEBUG: " + message);
    public override void WriteProgress(long sourceId, ProgressRecord record) { }

    public override void WriteInformation(InformationRecord record)
    {
        // Write-Host and -WhatIf messages arrive here; plain information records are shown only when asked.
        if (record.Tags.Contains("PSHOST")) _out.WriteLine(record.MessageData);
    }

    public override string ReadLine() => Console.In.ReadLine() ?? throw new PSInvalidOperationException("Standard input is closed.");

    public override SecureString ReadLineAsSecureString()
    {
        var secure = new SecureString();
        foreach (var c in ReadLine()) secure.AppendChar(c);
        return secure;
    }

    public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions)
    {
        var result = new Dictionary<string, PSObject>();
        foreach (var field in descriptions)
        {
            _err.Write($"{field.Name}: ");
            result[field.Name] = new PSObject(ReadLine());
        }
        return result;
    }

    public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
    {
        _err.WriteLine(caption);
        _err.WriteLine(message);
        var labels = choices.Select(c => c.Label.Replace("&", "")).ToList();
        _err.Write("[" + string.Join("] [", labels) + $"] (default {labels[defaultChoice]}): ");
        var answer = Console.In.ReadLine();
        if (answer is null) throw new PSInvalidOperationException("A confirmation was needed but standard input is closed; use -Confirm:$false.");
        if (answer.Trim().Length == 0) return defaultChoice;
        var index = choices.ToList().FindIndex(c =>
            c.Label.Replace("&", "").StartsWith(answer.Trim(), StringComparison.OrdinalIgnoreCase) ||
            (c.Label.IndexOf('&') is var amp && amp >= 0 && amp + 1 < c.Label.Length &&
             string.Equals(c.Label[amp + 1].ToString(), answer.Trim(), StringComparison.OrdinalIgnoreCase)));
        return index >= 0 ? index : defaultChoice;
    }

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
        throw new PSNotSupportedException("Pass -Credential (Get-Credential is not available in this host).");

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
        PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) =>
        PromptForCredential(caption, message, userName, targetName);
}
