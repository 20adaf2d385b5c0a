using System.Net;
using System.Text.Json;

namespace XHostNet.Tests.Support;

/// <summary>
/// A real etcd (Debian's etcd-server 3.4) of a test's own: in a namespace of its own, reached from this machine over a
/// veth with a /30 from 10.207.192.0/18, optionally with TLS and client-certificate authentication (a CA, server and
/// client certificates made with openssl). It can be frozen, killed and started again on the same data, for the
/// tests of an etcd that stops mid-request. Dispose stops it (by its PID) and removes the namespace and files.
/// </summary>
public sealed class EtcdServer : IDisposable
{
    private readonly string _machineEnd;
    private int _pid;

    public EtcdServer(bool tls = false)
    {
        var id = Guid.NewGuid().ToString("N")[..6];
        Namespace = "xhe-" + id;
        _machineEnd = "xhe" + id;
        Directory = Path.Combine(Path.GetTempPath(), "xhostnet-etcd-" + id);
        Tls = tls;
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            Sh.Ok("ip", "netns", "add", Namespace);
            Sh.Ok("ip", "-n", Namespace, "link", "set", "lo", "up");
            var (machine, inside) = FreeBlock();
            Address = inside;
            Sh.Ok("ip", "link", "add", _machineEnd, "type", "veth", "peer", "name", "etcd0", "netns", Namespace);
            Sh.Ok("ip", "address", "add", machine + "/30", "dev", _machineEnd);
            Sh.Ok("ip", "link", "set", _machineEnd, "up");
            Sh.Ok("ip", "-n", Namespace, "address", "add", inside + "/30", "dev", "etcd0");
            Sh.Ok("ip", "-n", Namespace, "link", "set", "etcd0", "up");
            if (tls) MakeCertificates();
            Start();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Namespace { get; }
    public string Directory { get; }
    public bool Tls { get; }
    public IPAddress Address { get; private set; } = IPAddress.None;
    /// <summary>The client URL from this machine.</summary>
    public string Endpoint => $"{(Tls ? "https" : "http")}://{Address}:2379";
    /// <summary>The client URL inside the namespace (for -EtcdFromHost through a session into it).</summary>
    public string LoopbackEndpoint => $"{(Tls ? "https" : "http")}://127.0.0.1:2379";
    public string CaFile => Path.Combine(Directory, "ca.crt");
    public string CertificateFile => Path.Combine(Directory, "client.crt");
    public string KeyFile => Path.Combine(Directory, "client.key");

    /// <summary>Starts etcd on its data directory (again, after <see cref="Kill"/>) and waits until it answers.</summary>
    public void Start()
    {
        var scheme = Tls ? "https" : "http";
        var args = new List<string>
        {
            "etcd", "--name", "t", "--data-dir", Path.Combine(Directory, "data"), "--logger", "zap", "--log-outputs", Path.Combine(Directory, "etcd.log"),
            "--listen-client-urls", $"{scheme}://{Address}:2379,{scheme}://127.0.0.1:2379", "--advertise-client-urls", $"{scheme}://{Address}:2379",
            "--listen-peer-urls", "http://127.0.0.1:2380", "--initial-advertise-peer-urls", "http://127.0.0.1:2380", "--initial-cluster", "t=http://127.0.0.1:2380",
        };
        if (Tls)
            args.AddRange(new[] { "--cert-file", Path.Combine(Directory, "server.crt"), "--key-file", Path.Combine(Directory, "server.key"),
                                  "--trusted-ca-file", CaFile, "--client-cert-auth" });
        // setsid in a background job does not fork, so $! is etcd's own PID (ip netns exec execs it).
        var pid = Sh.Ok(new[] { "sh", "-c", "ip netns exec \"$0\" setsid \"$@\" </dev/null >/dev/null 2>&1 & echo $!", Namespace }.Concat(args).ToArray()).Trim();
        _pid = int.Parse(pid);
        var until = DateTime.UtcNow + Limits.Command;
        while (!Healthy())
        {
            if (DateTime.UtcNow > until) throw new InvalidOperationException("etcd did not answer: " + File.ReadAllText(Path.Combine(Directory, "etcd.log")));
            Thread.Sleep(100);
        }
    }

    /// <summary>Whether etcd answers its /health from inside its namespace.</summary>
    public bool Healthy()
    {
        var argv = new List<string> { "ip", "netns", "exec", Namespace, "curl", "-s", "--max-time", "2" };
        if (Tls) argv.AddRange(new[] { "--cacert", CaFile, "--cert", CertificateFile, "--key", KeyFile });
        argv.Add(LoopbackEndpoint + "/health");
        var (code, output, _) = Sh.Run(argv.ToArray());
        return code == 0 && output.Contains("\"health\":\"true\"");
    }

    /// <summary>SIGSTOP: etcd keeps its connections open and answers nothing, as a hung server does.</summary>
    public void Freeze() => Sh.Run("kill", "-STOP", _pid.ToString());

    /// <summary>SIGKILL, and wait until it is gone: every open connection is reset.</summary>
    public void Kill()
    {
        if (_pid == 0) return;
        Sh.Run("kill", "-KILL", _pid.ToString());
        Sh.WaitUntilNone(() => File.Exists($"/proc/{_pid}/stat") && !File.ReadAllText($"/proc/{_pid}/stat").Contains(") Z ") ? new[] { _pid.ToString() } : Array.Empty<string>(), Limits.Command);
        _pid = 0;
    }

    /// <summary>etcdctl (v3 API) against this etcd, from this machine; returns its output.</summary>
    public string Etcdctl(params string[] argv)
    {
        var full = new List<string> { "env", "ETCDCTL_API=3", "etcdctl", "--endpoints", Endpoint };
        if (Tls) full.AddRange(new[] { "--cacert", CaFile, "--cert", CertificateFile, "--key", KeyFile });
        return Sh.Ok(full.Concat(argv).ToArray());
    }

    /// <summary>Every key under <paramref name="prefix"/> as etcd itself reports it (etcdctl get --prefix -w json): the store's view, not the module's.</summary>
    public IReadOnlyList<XHostNet.Leases.EtcdKeyValue> Keys(string prefix)
    {
        var root = JsonDocument.Parse(Etcdctl("get", "--prefix", prefix, "-w", "json")).RootElement;
        if (!root.TryGetProperty("kvs", out var kvs)) return Array.Empty<XHostNet.Leases.EtcdKeyValue>();
        string Text(JsonElement kv, string name) => kv.TryGetProperty(name, out var v) ? System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(v.GetString()!)) : "";
        return kvs.EnumerateArray().Select(kv => new XHostNet.Leases.EtcdKeyValue
        {
            Key = Text(kv, "key"), Value = Text(kv, "value"), Lease = kv.TryGetProperty("lease", out var l) ? l.GetInt64() : 0, ModRevision = kv.GetProperty("mod_revision").GetInt64(),
        }).ToList();
    }

    /// <summary>etcdctl lease timetolive: seconds left and the TTL granted; (-1, 0) once the lease has expired.</summary>
    public (long Remaining, long Granted) TimeToLive(long lease)
    {
        var root = JsonDocument.Parse(Etcdctl("lease", "timetolive", lease.ToString("x"), "-w", "json")).RootElement;
        return (root.GetProperty("ttl").GetInt64(), root.TryGetProperty("granted-ttl", out var g) ? g.GetInt64() : 0);
    }

    /// <summary>etcdctl lease grant: a new etcd lease's id, as flanneld or a hand makes one.</summary>
    public long Grant(int seconds)
    {
        var words = Etcdctl("lease", "grant", seconds.ToString()).Split(' ');
        return Convert.ToInt64(words[1], 16);
    }

    /// <summary>Requests that etcd has taken off the wire but not answered: a frozen etcd's receive queues fill, so a test can see a call arrive.</summary>
    public bool HasUnreadRequest() =>
        Sh.Ok("ip", "netns", "exec", Namespace, "ss", "-Htn", "state", "established", "( sport = :2379 )")
          .Split('\n', StringSplitOptions.RemoveEmptyEntries).Any(line => long.TryParse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], out var queued) && queued > 0);

    public void Dispose()
    {
        Kill();
        Sh.Run("ip", "netns", "delete", Namespace);
        Sh.Run("ip", "link", "delete", _machineEnd);
        if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
    }

    private void MakeCertificates()
    {
        Sh.Ok("sh", "-c",
            "set -e; cd \"$1\"; k='-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes'; " +
            "openssl req -x509 $k -keyout ca.key -out ca.crt -days 2 -subj /CN=xhostnet-test-ca 2>/dev/null; " +
            "openssl req $k -keyout server.key -out server.csr -subj /CN=etcd 2>/dev/null; " +
            "printf 'subjectAltName=IP:%s,IP:127.0.0.1\\nextendedKeyUsage=serverAuth,clientAuth\\n' \"$2\" >server.ext; " +
            "openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt -days 2 -extfile server.ext 2>/dev/null; " +
            "openssl req $k -keyout client.key -out client.csr -subj /CN=xhostnet 2>/dev/null; " +
            "printf 'extendedKeyUsage=clientAuth\\n' >client.ext; " +
            "openssl x509 -req -in client.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out client.crt -days 2 -extfile client.ext 2>/dev/null; " +
            "chmod 600 *.key",
            "sh", Directory, Address.ToString());
    }

    /// <summary>A /30 of 10.207.192.0/18 that no address on this machine is in yet (concurrent suites pick apart).</summary>
    private static (IPAddress Machine, IPAddress Inside) FreeBlock()
    {
        var used = new HashSet<int>();
        foreach (var link in JsonDocument.Parse(Sh.Ok("ip", "-j", "-4", "address", "show")).RootElement.EnumerateArray())
            if (link.TryGetProperty("addr_info", out var infos))
                foreach (var info in infos.EnumerateArray())
                {
                    var b = IPAddress.Parse(info.GetProperty("local").GetString()!).GetAddressBytes();
                    if (b[0] == 10 && b[1] == 207 && b[2] >= 192) used.Add(((b[2] - 192) << 6) | (b[3] >> 2));
                }
        var block = Random.Shared.Next(1 << 12);
        while (used.Contains(block)) block = (block + 1) % (1 << 12);
        var (third, fourth) = (192 + (block >> 6), (block & 63) << 2);
        return (IPAddress.Parse($"10.207.{third}.{fourth + 1}"), IPAddress.Parse($"10.207.{third}.{fourth + 2}"));
    }
}
