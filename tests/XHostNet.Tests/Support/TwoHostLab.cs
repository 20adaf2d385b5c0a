using System.Text.Json;
using System.Text.RegularExpressions;

namespace XHostNet.Tests.Support;

/// <summary>
/// Two simulated hosts made by New-XHostLab -Ovs with a stand-in container each: underlay 10.201.0.1–2 on the OVS
/// netdev bridge obrphy (eth1 its port), containers 10.201.N.2/24 in namespace {Prefix}-cN behind the host's ctr0.
/// Removed with Remove-XHostLab on Dispose.
/// </summary>
public sealed class TwoHostLab : IDisposable
{
    private readonly LabOfTwo _lab;

    public TwoHostLab(int containerMtu = 1462, string options = "") =>
        _lab = new LabOfTwo("xl", $"-Ovs -ContainerSubnet 10.201.1.0/24, 10.201.2.0/24 -ContainerMtu {containerMtu} {options}");

    public string Prefix => _lab.Name;
    public string Dir => _lab.Dir;
    public IReadOnlyList<XHostNet.Sessions.XHostSession> Sessions => _lab.Sessions;
    public string Host(int n) => $"{Prefix}-h{n}";
    public string Container(int n) => $"{Prefix}-c{n}";
    public string ContainerPort(int n) => "ctr0";
    public const string Underlay = "eth1";
    public string Database(int n) => $"unix:{Dir}/h{n}/ovs/db.sock";
    public static string UnderlayAddress(int n) => $"10.201.0.{n}";
    public static string ContainerAddress(int n) => $"10.201.{n}.2";

    /// <summary>PowerShell that defines $h (host sessions), $c (container sessions) and $lab (the runbook's parameters).</summary>
    public string SessionsScript => $$"""
        $h = 1, 2 | ForEach-Object { New-XHostSession -NetworkNamespace "{{Prefix}}-h$_" -OvsDatabase "unix:{{Dir}}/h$_/ovs/db.sock" }
        $c = 1, 2 | ForEach-Object { New-XHostSession -NetworkNamespace "{{Prefix}}-c$_" }
        $lab = @{ Hosts = $h; UnderlayAddress = '10.201.0.1', '10.201.0.2'; BridgeAddress = '10.201.1.1/24', '10.201.2.1/24'
                  ContainerPort = 'ctr0', 'ctr0'; Containers = $c; ContainerAddress = '10.201.1.2', '10.201.2.2' }
        """;

    /// <summary>ovs-vsctl run directly (not through XHostNet) against host n's database.</summary>
    public string Vsctl(int n, params string[] args) =>
        Sh.Ok(new[] { "ovs-vsctl", "--db=" + Database(n), "--timeout=10" }.Concat(args).ToArray());

    /// <summary>The Interface table rows of host n as name → row (ovs-vsctl --format=json).</summary>
    public Dictionary<string, JsonElement> OvsInterfaces(int n)
    {
        var json = JsonDocument.Parse(Vsctl(n, "--format=json", "--columns=_uuid,name,type,options,error,ofport,link_state", "list", "Interface")).RootElement;
        var headings = json.GetProperty("headings").EnumerateArray().Select(h => h.GetString()!).ToList();
        return json.GetProperty("data").EnumerateArray().ToDictionary(
            row => row[headings.IndexOf("name")].GetString()!,
            row => JsonDocument.Parse(JsonSerializer.Serialize(headings.Zip(row.EnumerateArray()).ToDictionary(p => p.First, p => p.Second))).RootElement);
    }

    public string[] OvsBridges(int n) => Vsctl(n, "list-br").Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Packets an OVS port has sent, live from ovs-vswitchd (ovs-ofctl dump-ports), not the database's 5-second statistics.</summary>
    public long OvsTxPackets(int n, string bridge, string port)
    {
        var ofport = Vsctl(n, "get", "Interface", port, "ofport").Trim();
        var text = Sh.Ok("ip", "netns", "exec", Host(n), "env", $"OVS_RUNDIR={Dir}/h{n}/ovs", "ovs-ofctl", "dump-ports", bridge, ofport);
        return long.Parse(Regex.Match(text, @"tx pkts=(\d+)").Groups[1].Value);
    }

    /// <summary>Packets a kernel link has sent (ip -j -s link).</summary>
    public long KernelTxPackets(int n, string link) =>
        JsonDocument.Parse(Sh.Ok("ip", "-n", Host(n), "-j", "-s", "link", "show", "dev", link)).RootElement[0]
            .GetProperty("stats64").GetProperty("tx").GetProperty("packets").GetInt64();

    /// <summary>Pings from container n to the other container, as a test's independent witness; true when every reply came.</summary>
    public bool Ping(int from, int count = 20, int size = 56) =>
        Sh.Run("ip", "netns", "exec", Container(from), "ping", "-q", "-c", count.ToString(), "-i", "0.01", "-W", "2", "-M", "do",
            "-s", size.ToString(), ContainerAddress(3 - from)).ExitCode == 0;

    public void Dispose() => _lab.Dispose();
}
