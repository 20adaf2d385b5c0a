using XHostNet.Execution;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Execution;

/// <summary>known_hosts files written and hashed by the real ssh-keygen.</summary>
public sealed class KnownHostsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("xhn-kh-").FullName;

    private (byte[] Blob, string Line) NewKey(string name)
    {
        var path = Path.Combine(_dir, name);
        Sh.Ok("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", path);
        var pub = File.ReadAllText(path + ".pub").Split(' ');
        return (Convert.FromBase64String(pub[1]), $"{pub[0]} {pub[1]}");
    }

    [Fact]
    public void Plain_hashed_and_port_entries_match()
    {
        var a = NewKey("a");
        var b = NewKey("b");
        var file = Path.Combine(_dir, "known_hosts");
        File.WriteAllText(file, $"# comment\n10.200.0.5 {a.Line}\n[10.200.0.6]:2222 {b.Line}\n");
        Sh.Ok("ssh-keygen", "-H", "-f", file); // hash every entry, as HashKnownHosts does
        Assert.StartsWith("|1|", File.ReadAllLines(file).First(l => !l.StartsWith('#')));
        var hosts = KnownHosts.Load(file);
        Assert.Equal(HostKeyVerdict.Trusted, hosts.Verify("10.200.0.5", 22, a.Blob));
        Assert.Equal(HostKeyVerdict.Trusted, hosts.Verify("10.200.0.6", 2222, b.Blob));
        Assert.Equal(HostKeyVerdict.Unknown, hosts.Verify("10.200.0.6", 22, b.Blob));
        Assert.Equal(HostKeyVerdict.Changed, hosts.Verify("10.200.0.5", 22, b.Blob));
        Assert.Equal(new[] { "ssh-ed25519" }, hosts.KeyTypesFor("10.200.0.5", 22));
    }

    [Fact]
    public void Patterns_negation_and_revocation()
    {
        var a = NewKey("a");
        var hosts = KnownHosts.Parse($"10.200.1.*,!10.200.1.9 {a.Line}\n@revoked * {NewKey("r").Line}\n@cert-authority * {NewKey("c").Line}\n");
        Assert.Equal(HostKeyVerdict.Trusted, hosts.Verify("10.200.1.4", 22, a.Blob));
        Assert.Equal(HostKeyVerdict.Unknown, hosts.Verify("10.200.1.9", 22, a.Blob));
        var revoked = KnownHosts.Parse($"@revoked * {a.Line}\n10.200.1.4 {a.Line}\n");
        Assert.Equal(HostKeyVerdict.Revoked, revoked.Verify("10.200.1.4", 22, a.Blob));
    }

    [Fact]
    public void Appended_entries_are_read_back_by_ssh_keygen()
    {
        var a = NewKey("a");
        var file = Path.Combine(_dir, "sub", "known_hosts");
        KnownHosts.Append(file, "10.200.2.1", 2200, a.Blob);
        Assert.Equal(HostKeyVerdict.Trusted, KnownHosts.Load(file).Verify("10.200.2.1", 2200, a.Blob));
        // ssh-keygen -F finds the host the way ssh would.
        Assert.Contains("ssh-ed25519", Sh.Ok("ssh-keygen", "-F", "[10.200.2.1]:2200", "-f", file));
    }

    [Fact]
    public void Fingerprints_match_ssh_keygen()
    {
        NewKey("f");
        var blob = Convert.FromBase64String(File.ReadAllText(Path.Combine(_dir, "f.pub")).Split(' ')[1]);
        var expected = Sh.Ok("ssh-keygen", "-l", "-E", "sha256", "-f", Path.Combine(_dir, "f.pub")).Split(' ')[1];
        Assert.Equal(expected, KnownHosts.Fingerprint(blob));
        Assert.True(HostKeyPin.IsWellFormed(expected));
        Assert.True(HostKeyPin.Matches(expected.Substring(7), expected));
        Assert.False(HostKeyPin.IsWellFormed("SHA256:short"));
    }

    [Fact]
    public void A_directory_as_the_file_is_a_clear_error_on_read_and_on_append()
    {
        var read = Assert.Throws<XHostException>(() => KnownHosts.Load(_dir));
        var append = Assert.Throws<XHostException>(() => KnownHosts.Append(_dir, "h", 22, NewKey("d").Blob));
        Assert.All(new[] { read, append }, e => Assert.Equal((ErrorIds.KnownHostsFileUnreadable, XHostErrorKind.InvalidArgument), (e.ErrorId, e.Kind)));
        Assert.Contains("directory", read.Message);
        // A missing file is no error: it knows no host yet.
        Assert.Equal(HostKeyVerdict.Unknown, KnownHosts.Load(Path.Combine(_dir, "none")).Verify("h", 22, NewKey("e").Blob));
    }

    public void Dispose() => Directory.Delete(_dir, true);
}
