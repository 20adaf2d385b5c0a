using System.Net;
using XHostNet.Execution;
using XHostNet.Linux;
using XHostNet.Ovs;
using XHostNet.Planning;
using XHostNet.PowerShell;
using XHostNet.Routing;
using XHostNet.Sessions;
using XHostNet.Tunnels;
using XHostNet.Tests.Planning;

namespace XHostNet.Tests.Linux;

/// <summary>Address and prefix arithmetic of InterfaceAddress.</summary>
public class NetworkPrefixTests
{
    [Fact]
    public void Network_prefix_arithmetic()
    {
        var a = InterfaceAddress.Parse("10.201.1.7/24");
        Assert.Equal(("10.201.1.0/24", false), (a.Network.ToString(), a.IsNetwork));
        Assert.True(a.Contains(IPAddress.Parse("10.201.1.200")));
        Assert.False(a.Contains(IPAddress.Parse("10.201.2.1")));
        Assert.True(InterfaceAddress.Parse("10.200.0.0/13").Overlaps(a));
        Assert.False(InterfaceAddress.Parse("10.201.2.0/24").Overlaps(a));
        Assert.Equal("fd00:1::/64", InterfaceAddress.Parse("fd00:1::5/64").Network.ToString());
        Assert.Equal("10.201.1.0/25", InterfaceAddress.Parse("10.201.1.127/25").Network.ToString());
    }
}
