using System.Diagnostics;
using System.Text.Json;

namespace XHostNet.Tests.Support;

/// <summary>Runs tools directly (not through XHostNet) so tests check outcomes independently of the code under test.</summary>
internal static class Sh
{
    public static (int ExitCode, string Out, string Err) Run(params string[] argv) => RunWithInput(null, argv);

    public static (int ExitCode, string Out, string Err) RunWithInput(string? input, params string[] argv) => RunWithLimit(Limits.Command, input, argv);

    /// <summary>Runs argv; past <paramref name="limit"/> the whole process tree is killed and a TimeoutException thrown.</summary>
    public static (int ExitCode, string Out, string Err) RunWithLimit(TimeSpan limit, string? input, params string[] argv)
    {
        var info = new ProcessStartInfo(argv[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in argv.Skip(1)) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        if (input != null) p.StandardInput.Write(input);
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(limit))
        {
            p.Kill(true);
            p.WaitForExit(10_000);
            throw new TimeoutException($"{string.Join(" ", argv)} did not end within {limit.TotalSeconds:0} s and was killed");
        }
        // A process the command left behind keeps its output open: that is a failure to say, not a hang.
        if (!Task.WaitAll(new Task[] { stdout, stderr }, limit))
            throw new TimeoutException($"{string.Join(" ", argv)} ended, but a process it left behind still held its output open after {limit.TotalSeconds:0} s");
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    public static string Ok(params string[] argv)
    {
        var r = Run(argv);
        if (r.ExitCode != 0) throw new InvalidOperationException($"{string.Join(" ", argv)} failed ({r.ExitCode}): {r.Err}");
        return r.Out;
    }

    /// <summary>The command lines of the machine's processes that contain <paramref name="marker"/> (namespaces share the PID space).</summary>
    public static string[] Processes(string marker) =>
        Ok("ps", "-eo", "pid=,args=").Split('\n').Where(l => l.Contains(marker, StringComparison.Ordinal) && !l.Contains("ps -eo")).ToArray();

    /// <summary>Whether a process runs whose command line starts with <paramref name="argsPrefix"/> (the program itself, not a parent naming it).</summary>
    public static bool Running(string argsPrefix) =>
        Processes(argsPrefix).Any(l => l.TrimStart().Split(' ', 2) is var f && f.Length == 2 && f[1].StartsWith(argsPrefix, StringComparison.Ordinal));

    /// <summary>Waits until a process carries the marker; returns those found (empty when none came in time).</summary>
    public static string[] WaitUntilProcess(string marker, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        string[] found;
        while ((found = Processes(marker)).Length == 0 && DateTime.UtcNow < deadline) Thread.Sleep(50);
        return found;
    }

    /// <summary>Waits until no process carries the marker (a stopped command's group takes a moment to die); returns what is left.</summary>
    public static string[] WaitUntilNoProcess(string marker, TimeSpan limit) => WaitUntilNone(() => Processes(marker), limit);

    /// <summary>Waits until <paramref name="read"/> finds nothing, or the limit passes; returns what it found last.</summary>
    public static string[] WaitUntilNone(Func<string[]> read, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        string[] left;
        while ((left = read()).Length > 0 && DateTime.UtcNow < deadline) Thread.Sleep(100);
        return left;
    }

    /// <summary>The kernel's view of one link in a namespace (ip -j -d), or null when it does not exist.</summary>
    public static JsonElement? Link(string ns, string name)
    {
        var r = Run("ip", "-n", ns, "-j", "-d", "address", "show", "dev", name);
        if (r.ExitCode != 0) return null;
        return JsonDocument.Parse(r.Out).RootElement[0].Clone();
    }

    public static string[] LinkNames(string ns) =>
        JsonDocument.Parse(Ok("ip", "-n", ns, "-j", "link", "show")).RootElement.EnumerateArray()
            .Select(l => l.GetProperty("ifname").GetString()!).ToArray();

    public static string[] Addresses(JsonElement link) =>
        link.GetProperty("addr_info").EnumerateArray().Where(a => a.GetProperty("scope").GetString() != "link")
            .Select(a => $"{a.GetProperty("local").GetString()}/{a.GetProperty("prefixlen").GetInt32()}").ToArray();

    /// <summary>
    /// What a NIC's move changes and a rollback must restore, once IPv6 duplicate address detection is over: a tentative
    /// link-local address gets its local route only when DAD ends, which on a busy machine can fall between two views.
    /// </summary>
    public static string[] SettledKernelView(string ns)
    {
        var deadline = DateTime.UtcNow + Limits.Command;
        while (Ok("ip", "-n", ns, "-j", "address", "show").Contains("\"tentative\"") && DateTime.UtcNow < deadline) Thread.Sleep(100);
        return KernelView(ns);
    }

    /// <summary>Every link's master, MAC, flags and addresses, every route of every table, in both families.</summary>
    public static string[] KernelView(string ns)
    {
        var links = JsonDocument.Parse(Ok("ip", "-n", ns, "-j", "address", "show")).RootElement.EnumerateArray().Select(l =>
            $"{l.GetProperty("ifname").GetString()} master={(l.TryGetProperty("master", out var m) ? m.GetString() : "")} " +
            $"mac={l.GetProperty("address").GetString()} flags={l.GetProperty("flags").GetRawText()} " +
            $"addr={string.Join(" ", l.GetProperty("addr_info").EnumerateArray().Select(a => a.GetRawText()).Order())}");
        var routes = new[] { "-4", "-6" }.SelectMany(family => JsonDocument.Parse(Ok("ip", "-n", ns, family, "-j", "route", "show", "table", "all")).RootElement
            .EnumerateArray().Select(r => r.GetRawText()));
        return links.Concat(routes).Order().ToArray();
    }
}
