using System.Text.Json;
using XHostNet.Sessions;

namespace XHostNet.Tests.Support;

/// <summary>
/// A lease test's own corner of a shared etcd: a key prefix of its own, a New-XHostLab of <c>hosts</c> hosts (host n's
/// eth1 has 10.201.0.n, its public address) in a runspace of its own, and a directory for the hosts' subnet.env files
/// ({host}). Dispose removes the lab and the directory; the keys go with the etcd.
/// </summary>
public sealed class LeaseLab : IDisposable
{
    private readonly string _id = Guid.NewGuid().ToString("N")[..6];
    private readonly bool _lab;

    public LeaseLab(EtcdServer etcd, int hosts)
    {
        Etcd = etcd;
        Prefix = "/t" + _id + "/network";
        Name = "lt" + _id;
        Files = Path.Combine(Path.GetTempPath(), "xhn-lease-" + _id);
        try
        {
            Directory.CreateDirectory(Files);
            if (hosts == 0) return;
            _lab = true;
            var made = Ps.Run($"$h = New-XHostLab {hosts} -Name {Name}; $h");
            if (made.Errors.Count > 0) throw new InvalidOperationException("New-XHostLab failed: " + made.Errors[0]);
            Hosts = made.All<XHostSession>().ToList();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public PowerShellRunner Ps { get; } = new();
    public EtcdServer Etcd { get; }
    public string Prefix { get; }
    public string Name { get; }
    public string Files { get; }
    /// <summary>The lab's sessions, also $h in <see cref="Ps"/>.</summary>
    public IReadOnlyList<XHostSession> Hosts { get; } = Array.Empty<XHostSession>();

    /// <summary>-Etcd, -Prefix and (with TLS) the client certificate, key and CA.</summary>
    public string Store => $"-Etcd {Etcd.Endpoint} -Prefix {Prefix}" +
        (Etcd.Tls ? $" -EtcdCertificate {Etcd.CertificateFile} -EtcdKey {Etcd.KeyFile} -EtcdCa {Etcd.CaFile}" : "");

    public string SubnetFile => Path.Combine(Files, "{host}.env");

    public static string PublicIp(int n) => $"10.201.0.{n}";

    /// <summary>Host n's subnet.env, or null when none was written.</summary>
    public string? EnvOf(int n)
    {
        var path = new XHostNet.Leases.SubnetLeaseOptions { SubnetFile = SubnetFile }.SubnetFileFor(Hosts[n - 1]);
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }

    /// <summary>Request-ContainerSubnetLease for <paramref name="sessions"/> (a PowerShell expression: $h, $h[0], …) on eth1.</summary>
    public PsResult Request(string sessions, string extra = "") =>
        Ps.Run($"Request-ContainerSubnetLease -Session {sessions} {Store} -Interface eth1 -SubnetFile '{SubnetFile}' {extra}");

    public void Config(string arguments)
    {
        var set = Ps.Run($"Set-ContainerNetworkConfig {Store} {arguments}");
        Assert.Empty(set.Errors);
    }

    /// <summary>The subnet keys as etcd holds them.</summary>
    public IReadOnlyList<XHostNet.Leases.EtcdKeyValue> SubnetKeys() => Etcd.Keys(Prefix + "/subnets/");

    /// <summary>XHostNet's host markers as etcd holds them.</summary>
    public IReadOnlyList<XHostNet.Leases.EtcdKeyValue> Markers() => Etcd.Keys(Prefix + "/xhostnet/hosts/");

    /// <summary>The PublicIP of a subnet key's value, read as plain JSON.</summary>
    public static string PublicIpOf(XHostNet.Leases.EtcdKeyValue kv) => JsonDocument.Parse(kv.Value).RootElement.GetProperty("PublicIP").GetString()!;

    /// <summary>What subnet.env says for a subnet key ("…/10.203.3.0-24" → "FLANNEL_SUBNET=10.203.3.1/24").</summary>
    public static string FlannelSubnetLine(string key)
    {
        var name = key[(key.LastIndexOf('/') + 1)..].Split('-');
        var octets = name[0].Split('.');
        return $"FLANNEL_SUBNET={octets[0]}.{octets[1]}.{octets[2]}.{int.Parse(octets[3]) + 1}/{name[1]}";
    }

    /// <summary>
    /// Hosts 1..<paramref name="count"/> each hold one subnet of their own, as etcd says: one subnet key per public
    /// address, one marker per address bound to the same etcd lease and naming that key, and each host's subnet.env
    /// naming that subnet. Returns the subnet keys by public address.
    /// </summary>
    public Dictionary<string, XHostNet.Leases.EtcdKeyValue> AssertOneLeaseEach(int count)
    {
        var subnets = SubnetKeys();
        Assert.Equal(count, subnets.Count);
        // ToDictionary throws on a second key for one address; distinct keys are distinct subnets.
        var byIp = subnets.ToDictionary(PublicIpOf);
        Assert.Equal(Enumerable.Range(1, count).Select(PublicIp).OrderBy(ip => ip), byIp.Keys.OrderBy(ip => ip));
        var markers = Markers().ToDictionary(m => m.Key[(m.Key.LastIndexOf('/') + 1)..]);
        Assert.Equal(byIp.Keys.OrderBy(ip => ip), markers.Keys.OrderBy(ip => ip));
        foreach (var (ip, kv) in byIp)
        {
            Assert.Equal(kv.Lease, markers[ip].Lease);
            Assert.Equal(kv.Key[(kv.Key.LastIndexOf('/') + 1)..], JsonDocument.Parse(markers[ip].Value).RootElement.GetProperty("Subnet").GetString());
        }
        for (var n = 1; n <= count; n++)
            Assert.Contains(FlannelSubnetLine(byIp[PublicIp(n)].Key) + "\n", EnvOf(n) ?? $"(host {n} has no subnet.env)");
        return byIp;
    }

    /// <summary>Remove-XHostLab, from a runspace of its own when a failed test left <see cref="Ps"/> busy with a request.</summary>
    private void RemoveLab()
    {
        var remove = $"Remove-XHostLab {Name} -Confirm:$false";
        try
        {
            Ps.Run(remove);
        }
        catch (System.Management.Automation.PSInvalidOperationException)
        {
            using var fresh = new PowerShellRunner();
            fresh.Run(remove);
        }
    }

    public void Dispose()
    {
        try
        {
            if (_lab) RemoveLab();
        }
        finally
        {
            Ps.Dispose();
            if (Directory.Exists(Files)) Directory.Delete(Files, recursive: true);
        }
    }
}
