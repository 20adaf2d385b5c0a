using XHostNet.Sessions;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Execution;

/// <summary>
/// Ctrl+C (StopProcessing) ends the work on the host too, and a session whose host is gone says so.
/// Each test proves it by the process table: after the stop, no process of the command is left.
/// </summary>
public sealed class StoppingTests : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);
    private readonly PowerShellRunner _ps = new();

    private static string Marker() => $"{Random.Shared.Next(100, 999)}.{Random.Shared.Next(100, 999)}";

    [RootFact]
    public void Stopping_a_command_in_a_namespace_ends_it_there()
    {
        using var ns = new TempNamespace("xhq");
        _ps.Set("ns", ns.Name);
        var marker = Marker();
        var stopped = _ps.RunAndStop($"$s = New-XHostSession -NetworkNamespace $ns; Invoke-XHostCommand -Session $s -- sh -c 'sleep {marker}; :'",
            () => Sh.Running($"sleep {marker}"), Generous);
        Assert.True(stopped < TimeSpan.FromSeconds(30), $"Stop took {stopped}");
        Assert.Empty(Sh.WaitUntilNoProcess($"sleep {marker}", TimeSpan.FromSeconds(30)));
    }

    [RootFact]
    public void Stopping_a_reachability_test_ends_its_batch_and_ping()
    {
        // The case: -Count 60 used to return the prompt while sh -s and ping went on for a minute.
        using var ns = new TempNamespace("xhq");
        var address = $"10.207.{Random.Shared.Next(0, 256)}.{Random.Shared.Next(1, 255)}";
        ns.Exec("ip", "address", "add", address + "/32", "dev", "lo");
        _ps.Set("ns", ns.Name);
        _ps.RunAndStop($"$s = New-XHostSession -NetworkNamespace $ns; Test-ContainerReachability {address} -Session $s -Count 60 -IntervalSeconds 1",
            () => Sh.Processes(address).Length > 0, Generous);
        Assert.Empty(Sh.WaitUntilNoProcess(address, TimeSpan.FromSeconds(30)));
    }

    [RootFact]
    public void Stopping_a_reachability_test_from_a_container_ends_the_ping_in_the_container()
    {
        using var hosts = new DockerHosts();
        Assert.Empty(_ps.Run(hosts.SessionsScript).Errors);
        var subnet = $"10.203.{Random.Shared.Next(0, 256)}"; // unique on this machine: another run of the suite may ping at once
        Assert.Empty(_ps.Run($"New-LinuxBridge br0 -Address {subnet}.1/24 -Session $h[0]").Errors);
        var container = "xhq" + Guid.NewGuid().ToString("N")[..6];
        hosts.DockerOk(1, "run", "-d", "--name", container, "--network", "none", "local/busybox:1", "sleep", "600");
        _ps.Set("container", container);
        Assert.Empty(_ps.Run($"Connect-ContainerNetwork $container -Bridge br0 -Address {subnet}.2/24 -Session $h[0]").Errors);
        var target = subnet + ".1";
        _ps.RunAndStop($"Test-ContainerReachability {target} -Container $container -Session $h[0] -Count 60 -IntervalSeconds 1",
            () => Sh.Processes($"ping -c 60").Any(p => p.Contains(target)), Generous);
        Assert.DoesNotContain(Sh.WaitUntilNoProcess($"ping -c 60 -W 2 -i 1 {target}", TimeSpan.FromSeconds(30)), p => p.Contains(target));
        hosts.Docker(1, "rm", "-f", container);
    }

    [RootFact]
    public void A_session_whose_namespace_is_gone_is_closed_and_says_so()
    {
        var ns = new TempNamespace("xhq");
        _ps.Set("ns", ns.Name);
        var session = _ps.Run("$s = New-XHostSession -NetworkNamespace $ns; $s").Single<XHostSession>();
        Assert.True(session.IsOpen);
        ns.Dispose();
        Assert.False(session.IsOpen);
        var result = _ps.Run("Invoke-XHostCommand -Session $s true");
        Assert.Equal(ErrorIds.SessionClosed, result.ErrorId());
        Assert.Contains(ns.Name, result.Errors[0].Exception.Message);
        Assert.Contains("New-XHostSession", result.Errors[0].Exception.Message);
    }

    public void Dispose()
    {
        _ps.Run("Get-XHostSession | Remove-XHostSession");
        _ps.Dispose();
    }
}
