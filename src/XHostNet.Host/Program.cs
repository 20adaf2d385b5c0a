using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text;
using XHostNet.Host;

// xhostnet-shell: the PowerShell engine with the XHostNet module imported, on machines without pwsh. With a script
// or a command it runs that, renders output through the module's format views and exits non-zero when anything
// failed; with neither it is pwsh's own interactive console (PSReadLine: Tab completion, history).

const string Usage = """
    usage: xhostnet-shell [-Module PATH]                          (an interactive console)
           xhostnet-shell [-Module PATH] -File SCRIPT.ps1 [script arguments...]
           xhostnet-shell [-Module PATH] -Command "POWERSHELL TEXT"
    PATH defaults to $XHOSTNET_MODULE, then the module built in this checkout (out/XHostNet).
    """;

string? module = Environment.GetEnvironmentVariable("XHOSTNET_MODULE");
string? file = null, command = null;
var scriptArgs = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    var a = args[i];
    if (file != null) { scriptArgs.Add(a); continue; }
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{a} needs a value.");
    try
    {
        switch (a.ToLowerInvariant())
        {
            case "-module": module = Next(); break;
            case "-file": file = Next(); break;
            case "-command": case "-c": command = string.Join(" ", args.Skip(i + 1)); i = args.Length; break;
            case "-h": case "-help": case "--help": Console.WriteLine(Usage); return 0;
            default: throw new ArgumentException($"Unknown argument '{a}'.");
        }
    }
    catch (ArgumentException ex)
    {
        Console.Error.WriteLine(ex.Message);
        Console.Error.WriteLine(Usage);
        return 2;
    }
}
if (file != null && command != null)
{
    Console.Error.WriteLine(Usage);
    return 2;
}
module ??= FindModule();
if (module is null)
{
    Console.Error.WriteLine("Cannot find the XHostNet module: build it first (dotnet build src/XHostNet.Host) or pass -Module PATH.");
    return 2;
}
if (file is null && command is null)
{
    // pwsh's own console host and entry point, as the SDK ships them: the same prompt, PSReadLine, profiles and exit.
    var interactive = new[] { "-NoLogo", "-NoExit", "-Command", "Import-Module " + Quote(Path.GetFullPath(module)) };
    return Microsoft.PowerShell.UnmanagedPSEntry.Start(interactive, interactive.Length);
}

var host = new ConsoleHost();
using var runspace = RunspaceFactory.CreateRunspace(host, InitialSessionState.CreateDefault2());
runspace.Open();
using (var setup = PowerShell.Create())
{
    setup.Runspace = runspace;
    // Colour escapes only for a terminal, as pwsh does; logs and pipes get plain text.
    if (Console.IsOutputRedirected || Environment.GetEnvironmentVariable("NO_COLOR") != null)
    {
        setup.AddScript("$PSStyle.OutputRendering = 'PlainText'").AddStatement();
        host.PlainText = true;
    }
    setup.AddCommand("Import-Module").AddParameter("Name", Path.GetFullPath(module)).AddParameter("ErrorAction", "Stop");
    try
    {
        setup.Invoke();
    }
    catch (RuntimeException ex)
    {
        Console.Error.WriteLine($"Cannot import the XHostNet module from '{module}': {ex.Message}");
        return 2;
    }
}

using var ps = PowerShell.Create();
ps.Runspace = runspace;
// Errors are merged into the output so they render in order, as pwsh shows them; noting each one on the way
// lets the exit code say that something failed even when the script went on.
ps.AddScript("$global:XHostNetShellFailed = $false\n& {\n" + (file != null ? InvocationOf(file, scriptArgs) : command!) + "\n} 2>&1 | " +
             "ForEach-Object { if ($_ -is [System.Management.Automation.ErrorRecord]) { $global:XHostNetShellFailed = $true }; $_ } | Out-Default");
try
{
    ps.Invoke();
}
catch (RuntimeException ex)
{
    // A terminating error (throw, -ErrorAction Stop, a syntax error): rendered as pwsh renders it, to stderr.
    using var show = PowerShell.Create();
    show.Runspace = runspace;
    host.OutputToError = true;
    show.AddCommand("Out-Default").Invoke(new[] { ex.ErrorRecord });
    host.OutputToError = false;
    return 1;
}
if (host.ExitCode is int exit) return exit;
var lastExit = runspace.SessionStateProxy.GetVariable("LASTEXITCODE");
if (lastExit is int code && code != 0) return code;
var failed = runspace.SessionStateProxy.GetVariable("XHostNetShellFailed") is true;
return failed || ps.HadErrors || host.ErrorWritten ? 1 : 0;

static string InvocationOf(string script, IEnumerable<string> arguments)
{
    var text = new StringBuilder("& ").Append(Quote(Path.GetFullPath(script)));
    foreach (var a in arguments)
    {
        // Parameter names stay bare so the script binds them; every value is a literal string.
        var isParameterName = a.Length > 1 && a[0] == '-' && char.IsLetter(a[1]) && a.Skip(1).All(c => char.IsLetterOrDigit(c) || c == '_' || c == ':');
        text.Append(' ').Append(isParameterName ? a : Quote(a));
    }
    return text.ToString();
}

static string Quote(string s) => "'" + s.Replace("'", "''") + "'";

static string? FindModule()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
    {
        var candidate = Path.Combine(dir.FullName, "out", "XHostNet", "XHostNet.psd1");
        if (File.Exists(candidate)) return candidate;
    }
    return null;
}
