using System.Management.Automation;
using XHostNet.Docker;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Commands;

/// <summary>Get-FlannelSubnet on this machine (no session: local, no root needed): a lease, a missing one, a bad one.</summary>
public sealed class FlannelSubnetCmdletTests : IDisposable
{
    private readonly PowerShellRunner _ps = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("xhn-flannel-").FullName;

    [Fact]
    public void A_lease_is_an_object_and_a_missing_or_bad_one_an_error_with_its_id()
    {
        File.WriteAllText(Path.Combine(_dir, "subnet.env"), "FLANNEL_NETWORK=10.1.0.0/16\nFLANNEL_SUBNET=10.1.15.1/24\nFLANNEL_MTU=1450\n");
        File.WriteAllText(Path.Combine(_dir, "bad.env"), "FLANNEL_MTU=1450\n");
        var lease = _ps.Run($"Get-FlannelSubnet {_dir}/subnet.env").Single<FlannelSubnet>();
        Assert.Equal(("10.1.15.1/24", 1450), (lease.Bip, lease.Mtu));

        var missing = _ps.Run($"Get-FlannelSubnet {_dir}/none.env");
        Assert.Equal(ErrorIds.FlannelSubnetNotFound, missing.ErrorId());
        Assert.Equal(ErrorCategory.ObjectNotFound, missing.Errors[0].CategoryInfo.Category);
        var bad = _ps.Run($"Get-FlannelSubnet {_dir}/bad.env");
        Assert.Equal(ErrorIds.FlannelSubnetUnparsable, bad.ErrorId());
        Assert.Equal(ErrorCategory.InvalidArgument, bad.Errors[0].CategoryInfo.Category);
        Assert.Contains("has no FLANNEL_SUBNET", bad.Errors[0].Exception.Message);
    }

    public void Dispose()
    {
        _ps.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
