using XHostNet.Docker;
using XHostNet.Sessions;

namespace XHostNet.Tests.Docker;

/// <summary>Get-FlannelSubnet's reading, in the core, against real files on this machine (a local session; no root needed).</summary>
public sealed class FlannelSubnetReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("xhn-flannel-").FullName;
    private readonly XHostSession _local = new();

    private string Lease(string text)
    {
        var path = Path.Combine(_dir, "subnet.env");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task A_lease_is_read_with_its_session()
    {
        var path = Lease("# written by flanneld\nexport FLANNEL_NETWORK=10.1.0.0/16\nFLANNEL_SUBNET=\"10.1.15.1/24\"\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=false\n");
        var lease = await FlannelSubnetReader.ReadAsync(_local, path, CancellationToken.None);
        Assert.Equal(("10.1.0.0/16", "10.1.15.1/24", "10.1.15.0/24", 1450, false, path), (lease.Network, lease.Bip, lease.Subnet, lease.Mtu, lease.IpMasq, lease.Path));
        Assert.Same(_local, lease.Session);
        Assert.Equal(_local.Host, lease.Host);
    }

    [Fact]
    public async Task A_missing_lease_is_not_found_and_says_flanneld_writes_it()
    {
        var path = Path.Combine(_dir, "none.env");
        var ex = await Assert.ThrowsAsync<XHostException>(() => FlannelSubnetReader.ReadAsync(_local, path, CancellationToken.None));
        Assert.Equal((XHostErrorKind.NotFound, ErrorIds.FlannelSubnetNotFound), (ex.Kind, ex.ErrorId));
        Assert.Contains($"There is no {path} on host 'local'", ex.Message);
        Assert.Contains("flanneld", ex.Message);
    }

    [Theory]
    [InlineData("FLANNEL_MTU=1450\n", "has no FLANNEL_SUBNET")]
    [InlineData("FLANNEL_SUBNET=10.1.15.1/24\nFLANNEL_MTU=big\n", "FLANNEL_MTU 'big' is not an MTU")]
    [InlineData("FLANNEL_SUBNET=10.1.15.1/24\nFLANNEL_MTU=67\n", "FLANNEL_MTU '67' is not an MTU")]
    [InlineData("FLANNEL_SUBNET=10.1.015.1/24\n", "FLANNEL_SUBNET")]
    [InlineData("FLANNEL_SUBNET=10.1.15.1/24\nFLANNEL_NETWORK=10.1.0/16\n", "FLANNEL_NETWORK")]
    [InlineData("FLANNEL_SUBNET=10.1.15.1/24\njust words\n", "'just words' is not a KEY=VALUE line")]
    public async Task A_lease_that_is_not_one_is_unparsable_and_says_what_is_wrong(string text, string expected)
    {
        var path = Lease(text);
        var ex = await Assert.ThrowsAsync<XHostException>(() => FlannelSubnetReader.ReadAsync(_local, path, CancellationToken.None));
        Assert.Equal((XHostErrorKind.InvalidArgument, ErrorIds.FlannelSubnetUnparsable), (ex.Kind, ex.ErrorId));
        Assert.StartsWith($"On host 'local': {path}", ex.Message);
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public async Task A_lease_that_cannot_be_read_is_the_command_failure_not_a_missing_lease()
    {
        // A directory: cat fails with "Is a directory", which is no reason to send the user looking for flanneld.
        var ex = await Assert.ThrowsAsync<XHostNet.Execution.HostCommandException>(() => FlannelSubnetReader.ReadAsync(_local, _dir, CancellationToken.None));
        Assert.Contains("Is a directory", ex.Message);
    }

    public void Dispose()
    {
        _local.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
