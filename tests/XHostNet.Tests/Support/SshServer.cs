using System.Diagnostics;
using System.Net.Sockets;

namespace XHostNet.Tests.Support;

/// <summary>
/// A real OpenSSH server in a throwaway namespace, reached over a veth pair from this machine (10.206.x.y/30).
/// sshd runs in its own mount namespace: a tmpfs over /root (root's .bashrc costs ~450 ms per command here) and
/// bind-mounted passwd/shadow/group/sudoers that add test users without touching the machine's files:
/// xhnsudo (key, passwordless sudo), xhnpw (password, sudo asks for it), xhnnp (a hostile password, passwordless
/// sudo: sudo never reads the password) and xhnrp (password, but sudo asks for root's, so the password is wrong).
/// </summary>
public sealed class SshServer : IDisposable
{
    public const string Password = "Xhn pw'1$!";
    private TempNamespace? _ns;
    private Process? _sshd;
    public SshServer()
    {
        if (!Root.IsRoot) return;
        try
        {
            Start();
        }
        catch
        {
            Dispose(); // a fixture that fails to start is not disposed by xunit: leave nothing behind
            throw;
        }
    }

    private void Start()
    {
        Dir = Directory.CreateTempSubdirectory("xhn-ssh-").FullName;
        _ns = new TempNamespace("xhs");
        var nsName = _ns.Name;
        // A /30 of 10.206.0.0/16 that no link of this machine uses (labs' management links, another copy of the suite).
        var used = System.Text.Json.JsonDocument.Parse(Sh.Ok("ip", "-j", "-4", "address", "show")).RootElement.EnumerateArray()
            .SelectMany(l => l.TryGetProperty("addr_info", out var a) ? a.EnumerateArray().Select(i => i.GetProperty("local").GetString()!) : [])
            .Where(a => a.StartsWith("10.206.")).Select(a => a.Split('.')).Select(b => (int.Parse(b[2]) << 6) | (int.Parse(b[3]) >> 2)).ToHashSet();
        var block = Enumerable.Range(0, 64).Select(_ => Random.Shared.Next(0, 16384)).First(b => !used.Contains(b));
        var subnet = $"10.206.{block >> 6}";
        var fourth = (block & 63) * 4;
        Address = $"{subnet}.{fourth + 2}";
        var tag = Guid.NewGuid().ToString("N")[..8];
        HostSide = $"xhs{tag}a";
        Sh.Ok("ip", "link", "add", HostSide, "type", "veth", "peer", "name", $"xhs{tag}b");
        Sh.Ok("ip", "link", "set", $"xhs{tag}b", "netns", nsName);
        Sh.Ok("ip", "address", "add", $"{subnet}.{fourth + 1}/30", "dev", HostSide);
        Sh.Ok("ip", "link", "set", HostSide, "up");
        Sh.Ok("ip", "-n", nsName, "address", "add", $"{Address}/30", "dev", $"xhs{tag}b");
        Sh.Ok("ip", "-n", nsName, "link", "set", $"xhs{tag}b", "up");

        Keygen("host_ed25519", "ed25519", "");
        Keygen("other_host_key", "ed25519", "");
        Keygen("id_root", "ed25519", "");
        Keygen("id_sudo", "ed25519", "secret phrase");
        Directory.CreateDirectory(Path.Combine(Dir, "keys"));
        File.Copy(Path.Combine(Dir, "id_root.pub"), Path.Combine(Dir, "keys", "root"));
        File.Copy(Path.Combine(Dir, "id_sudo.pub"), Path.Combine(Dir, "keys", "xhnsudo"));
        Directory.CreateDirectory(Path.Combine(Dir, "home"));
        // sshd reads a user's authorized keys as that user: the path must be open to them (private keys stay 0600).
        const UnixFileMode open = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                                  UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        foreach (var dir in new[] { Dir, Path.Combine(Dir, "keys"), Path.Combine(Dir, "home") }) File.SetUnixFileMode(dir, open);
        var hash = Sh.RunWithInput(Password + "\n", "openssl", "passwd", "-6", "-stdin").Out.Trim();
        var hostileHash = Sh.RunWithInput(HostilePassword + "\n", "openssl", "passwd", "-6", "-stdin").Out.Trim();
        File.WriteAllText(Path.Combine(Dir, "passwd"), File.ReadAllText("/etc/passwd") +
            $"xhnsudo:x:64001:64001::{Dir}/home:/bin/sh\nxhnpw:x:64002:64002::{Dir}/home:/bin/sh\n" +
            $"xhnnp:x:64003:64003::{Dir}/home:/bin/sh\nxhnrp:x:64004:64004::{Dir}/home:/bin/sh\n");
        File.WriteAllText(Path.Combine(Dir, "group"), File.ReadAllText("/etc/group") + "xhnsudo:x:64001:\nxhnpw:x:64002:\nxhnnp:x:64003:\nxhnrp:x:64004:\n");
        File.WriteAllText(Path.Combine(Dir, "shadow"), File.ReadAllText("/etc/shadow") +
            $"xhnsudo:{hash}:19000:0:99999:7:::\nxhnpw:{hash}:19000:0:99999:7:::\nxhnnp:{hostileHash}:19000:0:99999:7:::\nxhnrp:{hash}:19000:0:99999:7:::\n");
        File.WriteAllText(Path.Combine(Dir, "sudoers"),
            "Defaults env_reset\nDefaults:xhnrp rootpw\nroot ALL=(ALL:ALL) ALL\nxhnsudo ALL=(ALL) NOPASSWD: ALL\nxhnpw ALL=(ALL) ALL\n" +
            "xhnnp ALL=(ALL) NOPASSWD: ALL\nxhnrp ALL=(ALL) ALL\n");
        File.SetUnixFileMode(Path.Combine(Dir, "sudoers"), UnixFileMode.UserRead | UnixFileMode.GroupRead);
        File.SetUnixFileMode(Path.Combine(Dir, "shadow"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        // Every login gets a German locale, as a host configured for its admins may: commands must run under C anyway.
        HasGermanTranslations = GermanLocale.TryCompile(Path.Combine(Dir, "locale"));
        var german = string.Join(' ', GermanLocale.Environment(Path.Combine(Dir, "locale")).Select(v => $"{v.Key}={v.Value}"));
        File.WriteAllText(Path.Combine(Dir, "sshd_config"), $"""
            ListenAddress {Address}
            Port 22
            HostKey {Dir}/host_ed25519
            AuthorizedKeysFile {Dir}/keys/%u
            PermitRootLogin prohibit-password
            PasswordAuthentication yes
            KbdInteractiveAuthentication no
            UsePAM no
            StrictModes no
            PidFile {Dir}/sshd.pid
            SetEnv {german}
            """);
        Directory.CreateDirectory("/run/sshd");
        var setup = $"mount -t tmpfs tmpfs /root && for f in passwd group shadow sudoers; do mount --bind {Dir}/$f /etc/$f || exit 1; done && " +
                    $"exec /usr/sbin/sshd -D -e -f {Dir}/sshd_config";
        var info = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "netns", "exec", nsName, "unshare", "--mount", "--propagation", "private", "sh", "-c", setup })
            info.ArgumentList.Add(a);
        _sshd = Process.Start(info)!;
        _sshd.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (Log) Log.Add(e.Data); };
        _sshd.BeginErrorReadLine();
        WaitUntilListening();
        HostKeyFingerprint = Fingerprint("host_ed25519.pub");
        OtherFingerprint = Fingerprint("other_host_key.pub");
    }

    public string Dir { get; private set; } = "";
    /// <summary>Shell code, a quote and a comment: what a password may hold. Run by a shell, it would create <see cref="PwnedFile"/>.</summary>
    public string HostilePassword => $"Pw;touch {PwnedFile};#'\"";
    public string PwnedFile => Path.Combine(Dir, "pwned");
    /// <summary>The listening sshd; its children are the per-connection processes.</summary>
    public int ListenerPid => _sshd?.Id ?? 0;

    /// <summary>Drops every open connection as a network failure would: the per-connection sshd processes die, the listener stays.</summary>
    public void DropConnections()
    {
        foreach (var stat in Directory.GetDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)).Select(d => Path.Combine(d, "stat")))
        {
            string text;
            try { text = File.ReadAllText(stat); } catch (IOException) { continue; }
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            if (fields.Length > 1 && fields[1] == ListenerPid.ToString())
                Sh.Run("kill", "-KILL", Path.GetFileName(Path.GetDirectoryName(stat))!);
        }
    }
    public string Address { get; private set; } = "";
    /// <summary>Whether the logins' German locale really translates (see <see cref="GermanLocale"/>); LC_ALL is German either way.</summary>
    public bool HasGermanTranslations { get; private set; }
    public string HostSide { get; private set; } = "";
    public string NamespaceName => _ns?.Name ?? "";
    public string HostKeyFingerprint { get; private set; } = "";
    public string OtherFingerprint { get; private set; } = "";
    public List<string> Log { get; } = new();
    public string RootKey => Path.Combine(Dir, "id_root");
    public string SudoKey => Path.Combine(Dir, "id_sudo");
    public string HostPublicKeyLine => string.Join(' ', File.ReadAllText(Path.Combine(Dir, "host_ed25519.pub")).Split(' ').Take(2));
    public string OtherPublicKeyLine => string.Join(' ', File.ReadAllText(Path.Combine(Dir, "other_host_key.pub")).Split(' ').Take(2));

    private void Keygen(string name, string type, string passphrase) =>
        Sh.Ok("ssh-keygen", "-q", "-t", type, "-N", passphrase, "-C", name, "-f", Path.Combine(Dir, name));

    private string Fingerprint(string pub) =>
        Sh.Ok("ssh-keygen", "-l", "-E", "sha256", "-f", Path.Combine(Dir, pub)).Split(' ')[1];

    private void WaitUntilListening()
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (_sshd!.HasExited) throw new InvalidOperationException("sshd exited: " + string.Join("\n", Log));
            try
            {
                using var client = new TcpClient();
                client.Connect(Address, 22);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }
        throw new TimeoutException("sshd did not start listening: " + string.Join("\n", Log));
    }

    public void Dispose()
    {
        if (_sshd != null)
        {
            // Our sshd only, by its PID (ip netns exec, unshare and sh all exec into it); its sessions die with it.
            try { _sshd.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            _sshd.WaitForExit(5000);
            _sshd.Dispose();
        }
        _ns?.Dispose(); // deleting the namespace deletes the veth pair, both ends
        if (Dir.Length > 0) Directory.Delete(Dir, true);
    }
}
