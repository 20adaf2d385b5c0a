using System.Diagnostics;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Host;

/// <summary>
/// xhostnet-shell with no script or command: an interactive console in a real pseudo-terminal (tmux, on a server of
/// its own), typed into as a person would, and read back from the screen.
/// </summary>
public sealed class InteractiveShellTests : IDisposable
{
    private static readonly string Shell = Path.Combine(Repo.RootDir, "src", "XHostNet.Host", "bin",
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name, "net10.0", "xhostnet-shell");

    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(90); // the engine's first start on a loaded machine
    private readonly string _socket = "xhn-tmux-" + Guid.NewGuid().ToString("N")[..8];

    // tmux runs the session's command with the user's login shell, which for service users (nobody) is nologin.
    private string Tmux(params string[] args) => Sh.Ok(new[] { "env", "SHELL=/bin/sh", "tmux", "-L", _socket }.Concat(args).ToArray());

    private string Screen() => Tmux("capture-pane", "-p", "-t", "shell");

    private string WaitFor(Func<string, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Generous;
        string screen;
        while (!condition(screen = Screen()) && DateTime.UtcNow < deadline) Thread.Sleep(200);
        Assert.True(condition(screen), $"Waited {Generous.TotalSeconds} s for {what}; the screen shows:\n{screen}");
        return screen;
    }

    [Fact]
    public void The_console_completes_with_tab_keeps_history_and_has_the_utility_cmdlets_and_help()
    {
        Tmux("new-session", "-d", "-s", "shell", "-x", "160", "-y", "50",
            $"env HOME={Path.GetTempPath()}xhn-home-{_socket} TERM=xterm '{Shell}' -Module '{Repo.ModuleManifest}'");
        WaitFor(s => s.Contains("PS "), "the prompt");

        // Tab completes a cmdlet of the module, which is imported already.
        Tmux("send-keys", "-t", "shell", "Get-XHostSes", "Tab");
        WaitFor(s => s.Contains("Get-XHostSession"), "Tab to complete Get-XHostSession");
        Tmux("send-keys", "-t", "shell", "C-u");

        // The Utility cmdlets exist: Select-Object, ConvertTo-Json.
        Tmux("send-keys", "-t", "shell", "'xhn-a','xhn-b' | Select-Object -Last 1 | ConvertTo-Json", "Enter");
        WaitFor(s => s.Contains("\"xhn-b\""), "the pipeline's output");

        // History: Up brings the last line back.
        Tmux("send-keys", "-t", "shell", "C-l");
        Thread.Sleep(300);
        Tmux("send-keys", "-t", "shell", "Up");
        WaitFor(s => s.Split('\n').Any(l => l.StartsWith("PS ") && l.Contains("Select-Object -Last 1")), "Up to recall the line");
        Tmux("send-keys", "-t", "shell", "C-u");

        // Get-Help shows the module's help (its synopsis comes from the MAML laid out from docs/en-US).
        Tmux("send-keys", "-t", "shell", "C-l");
        Tmux("send-keys", "-t", "shell", "(Get-Help New-XHostSession).Synopsis", "Enter");
        WaitFor(s => s.Contains("Creates a session to the local machine, to a network namespace"), "Get-Help's synopsis");

        Tmux("send-keys", "-t", "shell", "exit", "Enter");
        var deadline = DateTime.UtcNow + Generous;
        while (Sh.Run("tmux", "-L", _socket, "has-session", "-t", "shell").ExitCode == 0 && DateTime.UtcNow < deadline) Thread.Sleep(200);
        Assert.NotEqual(0, Sh.Run("tmux", "-L", _socket, "has-session", "-t", "shell").ExitCode);
    }

    public void Dispose()
    {
        Sh.Run("tmux", "-L", _socket, "kill-server");
        var home = $"{Path.GetTempPath()}xhn-home-{_socket}";
        if (Directory.Exists(home)) Directory.Delete(home, true);
    }
}
