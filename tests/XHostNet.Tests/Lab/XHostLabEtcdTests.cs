using XHostNet.Lab;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Lab;

/// <summary>
/// New-XHostLab -Etcd and -EtcdTls: a real etcd (Debian's etcd-server) in the lab's switch namespace, answering this
/// machine on its management link and the hosts on the underlay, and gone with the lab.
/// </summary>
public sealed class XHostLabEtcdTests : IDisposable
{
    private readonly PowerShellRunner _ps = new();
    private readonly string _name = "xe" + Guid.NewGuid().ToString("N")[..6];

    private string Dir => XHostLabBuilder.ClaimPath(_name);

    private static (int ExitCode, string Out, string Err) Curl(string? ns, params string[] args)
    {
        var curl = new[] { "curl", "-sS", "--max-time", "20" }.Concat(args);
        return Sh.Run((ns is null ? curl : new[] { "ip", "netns", "exec", ns }.Concat(curl)).ToArray());
    }

    private static (int ExitCode, string Out, string Err) Etcdctl(XHostLab lab, string endpoint, params string[] args)
    {
        var tls = lab.EtcdCa.Length > 0 ? new[] { "--cacert", lab.EtcdCa, "--cert", lab.EtcdCertificate, "--key", lab.EtcdKey } : Array.Empty<string>();
        return Sh.Run(new[] { "env", "ETCDCTL_API=3", "etcdctl", "--endpoints", endpoint, "--dial-timeout", "20s" }.Concat(tls).Concat(args).ToArray());
    }

    /// <summary>What of the lab is left on this machine: namespaces, links, processes naming its directory, the directory.</summary>
    private string[] Leftovers(string dir) =>
        Sh.Ok("ip", "netns", "list").Split('\n').Where(l => l.StartsWith(_name + "-", StringComparison.Ordinal)).Select(l => "namespace " + l)
            .Concat(Sh.Ok("ip", "-o", "link", "show").Split('\n').Where(l => l.Contains(_name, StringComparison.Ordinal)).Select(l => "link " + l))
            .Concat(Sh.Run("pgrep", "-af", dir + "/").Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(p => "process " + p))
            .Concat(Directory.Exists(dir) ? new[] { "directory " + dir } : Array.Empty<string>())
            .ToArray();

    [RootFact]
    public void An_etcd_lab_answers_this_machine_and_its_hosts_keeps_what_is_put_and_goes_away_completely()
    {
        Assert.Empty(_ps.Run($"New-XHostLab 2 -Name {_name} -Etcd").Errors);
        var lab = _ps.Run($"Get-XHostLab {_name}").Single<XHostLab>();
        Assert.True(lab.Alive, lab.Down);
        Assert.Matches(@"^http://10\.206\.\d+\.\d+:2379\z", lab.EtcdEndpoint);
        Assert.Equal("http://10.201.0.254:2379", lab.EtcdUnderlayEndpoint);
        Assert.Equal("", lab.EtcdCa + lab.EtcdCertificate + lab.EtcdKey);
        var etcd = Assert.Single(lab.Parts, p => p.Kind == "etcd");
        Assert.Equal(File.ReadAllText(Dir + "/etcd/etcd.pid").Trim(), etcd.ProcessId.ToString());
        Assert.Contains(lab.Parts, p => p.Kind == "ManagementLink" && p.Name == _name + "e0" && p.Alive);
        Assert.Contains($"\"EtcdEndpoint\":\"{lab.EtcdEndpoint}\"", File.ReadAllText(Dir + "/lab.json"));
        Assert.Matches($@"{_name}\s+2\s+switch,namespaces,etcd\s+True", _ps.Run($"Get-XHostLab {_name} | Out-Default").HostText);

        // This machine reaches it on the management link, host 1 on the underlay; both the health check and the v3 API.
        var fromMachine = Curl(null, lab.EtcdEndpoint + "/health");
        Assert.Equal((0, "{\"health\":\"true\"}"), (fromMachine.ExitCode, fromMachine.Out.Trim()));
        var fromHost = Curl(_name + "-h1", lab.EtcdUnderlayEndpoint + "/health");
        Assert.Equal((0, "{\"health\":\"true\"}"), (fromHost.ExitCode, fromHost.Out.Trim()));
        var put = Etcdctl(lab, lab.EtcdEndpoint, "put", "/coreos.com/network/config", "{\"Network\":\"10.201.128.0/17\"}");
        Assert.True(put.ExitCode == 0, put.Err);
        var get = Etcdctl(lab, lab.EtcdEndpoint, "get", "--print-value-only", "/coreos.com/network/config");
        Assert.Equal("{\"Network\":\"10.201.128.0/17\"}", get.Out.Trim());

        Assert.Empty(_ps.Run($"Remove-XHostLab {_name}").Errors);
        Assert.Empty(Leftovers(Dir));
    }

    [RootFact]
    public void An_etcd_tls_lab_serves_clients_with_its_certificate_only_and_shares_the_management_network_with_sshd()
    {
        // A /29 holds two /30s: one for host 1's sshd, one for etcd; the lab must give them one each.
        var management = $"10.206.{Random.Shared.Next(128, 256)}.{8 * Random.Shared.Next(0, 32)}/29";
        Assert.Empty(_ps.Run($"New-XHostLab 1 -Name {_name} -EtcdTls -Ssh -ManagementNetwork {management}").Errors);
        var lab = _ps.Run($"Get-XHostLab {_name}").Single<XHostLab>();
        Assert.True(lab.Alive, lab.Down);
        Assert.Equal("https://10.201.0.254:2379", lab.EtcdUnderlayEndpoint);
        Assert.Equal((Dir + "/etcd/ca.crt", Dir + "/etcd/client.crt", Dir + "/etcd/client.key"), (lab.EtcdCa, lab.EtcdCertificate, lab.EtcdKey));
        var state = System.Text.Json.JsonSerializer.Deserialize<XHostLabState>(File.ReadAllText(Dir + "/lab.json"))!;
        var network = XHostNet.Linux.InterfaceAddress.Parse(management);
        var addresses = state.SshAddresses.Append(state.EtcdAddress).Select(System.Net.IPAddress.Parse).ToList();
        Assert.All(addresses, a => Assert.True(network.Contains(a), $"{a} is not in {management}"));
        Assert.Equal(2, addresses.Select(a => new XHostNet.Linux.InterfaceAddress(a, 30).Network).Distinct().Count());
        Assert.Equal("https://" + state.EtcdAddress + ":2379", lab.EtcdEndpoint);
        foreach (var key in new[] { "ca.key", "server.key", "client.key" })
            Assert.Equal("600", Sh.Ok("stat", "-c", "%a", Dir + "/etcd/" + key).Trim());

        var certs = new[] { "--cacert", lab.EtcdCa, "--cert", lab.EtcdCertificate, "--key", lab.EtcdKey };
        var health = Curl(null, certs.Append(lab.EtcdEndpoint + "/health").ToArray());
        Assert.Equal((0, "{\"health\":\"true\"}"), (health.ExitCode, health.Out.Trim()));
        var fromHost = Curl(_name + "-h1", certs.Append(lab.EtcdUnderlayEndpoint + "/health").ToArray());
        Assert.Equal((0, "{\"health\":\"true\"}"), (fromHost.ExitCode, fromHost.Out.Trim()));
        // Without the client certificate the server ends the handshake: no answer at all, on either address.
        foreach (var (ns, url) in new[] { ((string?)null, lab.EtcdEndpoint), (_name + "-h1", lab.EtcdUnderlayEndpoint) })
        {
            var refused = Curl(ns, "--cacert", lab.EtcdCa, url + "/health");
            Assert.NotEqual(0, refused.ExitCode);
            Assert.DoesNotContain("health", refused.Out);
        }
        Assert.Equal(0, Etcdctl(lab, lab.EtcdEndpoint, "put", "k", "v").ExitCode);
        Assert.Equal("v", Etcdctl(lab, lab.EtcdEndpoint, "get", "--print-value-only", "k").Out.Trim());

        Assert.Empty(_ps.Run($"Remove-XHostLab {_name}").Errors);
        Assert.Empty(Leftovers(Dir));
    }

    [RootFact]
    public void A_lab_that_fails_after_etcd_started_stops_it_and_leaves_nothing()
    {
        // A file where host 1's directory goes fails -Ovs after etcd runs (it starts before the hosts are made).
        var dir = Path.Combine(Path.GetTempPath(), _name + "-lab");
        Directory.CreateDirectory(dir);
        File.WriteAllText(dir + "/h1", "");
        try
        {
            var failed = _ps.Run($"New-XHostLab 1 -Name {_name} -Etcd -Ovs -Directory {dir}");
            Assert.Single(failed.Errors);
            Assert.Empty(Leftovers(dir));
            Assert.NotEqual(0, Sh.Run("sh", "-c", "[ -e \"$1\" ] || [ -L \"$1\" ]", "sh", Dir).ExitCode); // the name claim
        }
        finally
        {
            Sh.Run("rm", "-rf", dir);
        }
    }

    [Fact]
    public void Refusals_with_etcd_come_before_anything_is_made_and_WhatIf_makes_nothing()
    {
        Assert.Equal(ErrorIds.LabNetworkTooSmall, _ps.Run($"New-XHostLab 2 -Name {_name} -Etcd -Network 10.201.0.0/30").ErrorId());
        Assert.Equal(ErrorIds.LabNetworkTooSmall, _ps.Run($"New-XHostLab 2 -Name {_name} -EtcdTls -Network 10.201.0.0/30 -WhatIf").ErrorId());
        Assert.Equal(ErrorIds.LabManagementNetworkTooSmall,
            _ps.Run($"New-XHostLab 2 -Name {_name} -Etcd -Ssh -ManagementNetwork 10.206.64.0/29").ErrorId());
        var whatIf = _ps.Run($"New-XHostLab 2 -Name {_name} -EtcdTls -ManagementNetwork 10.206.64.0/30 -WhatIf");
        Assert.Empty(whatIf.Errors);
        Assert.Contains($"{_name}-h1", whatIf.HostText);
        Assert.False(Directory.Exists(Dir));
        Assert.DoesNotContain(_name, Sh.Ok("ip", "-o", "link", "show"));
    }

    public void Dispose()
    {
        if (Root.IsRoot) _ps.Run($"Remove-XHostLab {_name}");
        _ps.Dispose();
    }
}
