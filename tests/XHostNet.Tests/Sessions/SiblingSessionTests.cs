using XHostNet.Execution;
using XHostNet.Sessions;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Sessions;

/// <summary>
/// A session opens a sibling: a second, independent connection to the same host with the same settings, which is what
/// confirms a change that may have cut the session's own connection (Add-LinuxBridgePort -MoveAddress).
/// </summary>
public sealed class SiblingSessionTests : IClassFixture<SshServer>
{
    private readonly SshServer _server;

    public SiblingSessionTests(SshServer server) => _server = server;

    [RootFact]
    public async Task An_SSH_sibling_is_a_new_connection_that_trusts_only_the_key_the_session_was_presented()
    {
        // The session trusted the key on first use (a fresh known_hosts); its sibling must not need known_hosts at all.
        var knownHosts = Path.Combine(Path.GetTempPath(), "xhn-kh-" + Guid.NewGuid().ToString("N"));
        try
        {
            var settings = new SshConnectionSettings
            {
                HostName = _server.Address, UserName = "root", KeyFiles = { _server.RootKey }, AcceptNewHostKey = true, KnownHostsFile = knownHosts,
            };
            using var session = await XHostSession.ConnectSshAsync(settings, CancellationToken.None);
            session.OvsDatabase = "unix:/tmp/xhn-sibling/db.sock";
            File.Delete(knownHosts);

            using var sibling = await session.OpenSiblingAsync(CancellationToken.None);

            Assert.NotSame(session, sibling);
            Assert.Equal(session.Host, sibling.Host);
            Assert.Equal(_server.HostKeyFingerprint, sibling.HostKeyFingerprint);
            Assert.Equal(session.OvsDatabase, sibling.OvsDatabase);
            Assert.False(File.Exists(knownHosts));
            Assert.Equal("0\n", (await sibling.RunAsync(new[] { "id", "-u" }, CancellationToken.None)).EnsureSuccess().StandardOutput);
            // Independent: closing the sibling leaves the session's own connection open.
            sibling.Dispose();
            Assert.Equal("ok\n", (await session.RunAsync(new[] { "echo", "ok" }, CancellationToken.None)).EnsureSuccess().StandardOutput);
        }
        finally
        {
            File.Delete(knownHosts);
        }
    }

    [RootFact]
    public async Task A_namespace_sibling_enters_the_same_namespace()
    {
        using var ns = new TempNamespace("xsb");
        using var session = XHostSession.ForNetworkNamespace(ns.Name);
        using var sibling = await session.OpenSiblingAsync(CancellationToken.None);
        Assert.Equal(ns.Name, sibling.NetworkNamespace);
        var inode = (await sibling.RunAsync(new[] { "readlink", "/proc/self/ns/net" }, CancellationToken.None)).EnsureSuccess().StandardOutput;
        Assert.Equal((await session.RunAsync(new[] { "readlink", "/proc/self/ns/net" }, CancellationToken.None)).StandardOutput, inode);
    }

    [Fact]
    public async Task A_session_made_from_an_executor_alone_cannot_open_a_sibling()
    {
        var host = new ScriptedExecutor();
        await Assert.ThrowsAsync<InvalidOperationException>(() => host.Session.OpenSiblingAsync(CancellationToken.None));
    }
}
