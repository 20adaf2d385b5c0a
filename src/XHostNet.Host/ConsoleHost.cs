using System.Globalization;
using System.Management.Automation.Host;

namespace XHostNet.Host;

public sealed class ConsoleHost : PSHost
{
    private readonly ConsoleUserInterface _ui;

    public ConsoleHost() : this(Console.Out, Console.Error) { }

    /// <summary>A host writing elsewhere than the console (the test suite captures -WhatIf text this way).</summary>
    public ConsoleHost(TextWriter output, TextWriter error) => _ui = new ConsoleUserInterface(output, error);

    public int? ExitCode { get; private set; }
    public bool ErrorWritten => _ui.ErrorWritten;
    public bool PlainText { set => _ui.PlainText = value; }
    public bool OutputToError { set => _ui.OutputToError = value; }

    public override string Name => "XHostNet.ConsoleHost";
    public override Version Version => typeof(ConsoleHost).Assembly.GetName().Version ?? new Version(0, 1);
    public override Guid InstanceId { get; } = Guid.NewGuid();
    public override PSHostUserInterface UI => _ui;
    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;
    public override void SetShouldExit(int exitCode) => ExitCode = exitCode;
    public override void EnterNestedPrompt() => throw new NotSupportedException();
    public override void ExitNestedPrompt() => throw new NotSupportedException();
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }
}
