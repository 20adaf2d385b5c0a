using XHostNet.Ovs;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Commands;

/// <summary>Start-, Get- and Stop-OvsDaemon against real ovsdb-server/ovs-vswitchd processes in a throwaway namespace.</summary>
public sealed class OvsDaemonCmdletTests : IDisposable
{
    private readonly TempNamespace _ns = null!;
    private readonly string _dir = "";
    private readonly PowerShellRunner _ps = new();

    public OvsDaemonCmdletTests()
    {
        if (!Root.IsRoot) return;
        _ns = new TempNamespace();
        _dir = Directory.CreateTempSubdirectory("xhn-ovs-").FullName;
        _ps.Run($"$h = New-XHostSession -NetworkNamespace {_ns.Name} -OvsDatabase unix:{_dir}/run/db.sock");
    }

    private int? Pid(string daemon)
    {
        var file = Path.Combine(_dir, "run", daemon + ".pid");
        return File.Exists(file) ? int.Parse(File.ReadAllText(file).Trim()) : null;
    }

    private static bool Alive(int? pid) => pid is int p && Directory.Exists($"/proc/{p}");

    [RootFact]
    public void Start_creates_the_database_starts_both_daemons_once_and_Stop_stops_them()
    {
        var before = _ps.Run("Get-OvsDaemon -Session $h").Single<OvsDaemonStatus>();
        Assert.False(before.DatabaseRunning);
        Assert.Contains($"unix:{_dir}/run/db.sock", before.Problem);

        Assert.Contains("ovsdb-tool create", _ps.Run("Start-OvsDaemon -Session $h -WhatIf").HostText);
        Assert.False(File.Exists(Path.Combine(_dir, "run", "conf.db")));

        var started = _ps.Run("Start-OvsDaemon -Session $h");
        Assert.Empty(started.Errors);
        Assert.Empty(started.Output); // without -PassThru
        var status = _ps.Run("Get-OvsDaemon -Session $h").Single<OvsDaemonStatus>();
        Assert.True(status.IsRunning);
        Assert.False(status.KernelDatapath);
        Assert.True(Alive(Pid("ovsdb-server")) && Alive(Pid("ovs-vswitchd")));
        // The daemons run in the session's namespace: the switch's devices appear there.
        Assert.Empty(_ps.Run("New-OvsBridge obr0 -Session $h -WarningAction SilentlyContinue").Errors);
        Assert.Contains("obr0", Sh.LinkNames(_ns.Name));

        var pids = (Pid("ovsdb-server"), Pid("ovs-vswitchd"));
        var again = _ps.Run("Start-OvsDaemon -PassThru -Session $h -Verbose");
        Assert.Contains(again.Verbose, v => v.Contains("nothing to change"));
        Assert.True(again.Single<OvsDaemonStatus>().IsRunning); // -PassThru writes the status even when nothing changed
        Assert.Equal(pids, (Pid("ovsdb-server"), Pid("ovs-vswitchd")));

        var stopped = _ps.Run("Stop-OvsDaemon -PassThru -Session $h -Confirm:$false");
        Assert.Empty(stopped.Errors);
        Assert.False(stopped.Single<OvsDaemonStatus>().DatabaseRunning);
        Thread.Sleep(200);
        Assert.False(Alive(pids.Item1) || Alive(pids.Item2));
        Assert.True(File.Exists(Path.Combine(_dir, "run", "conf.db"))); // the database stays for the next start

        // Started again, the database still holds the bridge.
        Assert.Empty(_ps.Run("Start-OvsDaemon -Session $h").Errors);
        Assert.Equal(new[] { "obr0" }, _ps.Run("Get-OvsDaemon -Session $h").Single<OvsDaemonStatus>().Bridges);
    }

    [RootFact]
    public void A_change_ovs_vswitchd_never_applies_is_explained_and_undone()
    {
        Assert.Empty(_ps.Run("Start-OvsDaemon -Session $h").Errors);
        // Only the switch stops: the database still answers and takes the transaction, then nothing applies it.
        Sh.Ok("env", $"OVS_RUNDIR={_dir}/run", "ovs-appctl", "-t", "ovs-vswitchd", "exit");
        var result = _ps.Run("New-OvsBridge obr5 -DatapathType netdev -Session $h");
        Assert.Equal(ErrorIds.OvsSwitchNotResponding, result.ErrorId());
        Assert.Contains("undone", result.Errors[0].Exception.Message);
        Assert.DoesNotContain("obr5", Sh.Ok("ovs-vsctl", $"--db=unix:{_dir}/run/db.sock", "list-br"));
        Assert.Contains("ovs-vswitchd is not running", _ps.Run("Get-OvsDaemon -Session $h").Single<OvsDaemonStatus>().Problem);
    }

    public void Dispose()
    {
        _ps.Dispose();
        if (!Root.IsRoot) return;
        foreach (var daemon in new[] { "ovs-vswitchd", "ovsdb-server" })
            if (Pid(daemon) is int pid && Alive(pid)) Sh.Run("kill", pid.ToString()); // ours, by the PID in our own pid file
        _ns.Dispose();
        Directory.Delete(_dir, true);
    }
}
