using XHostNet.Persistence;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Persistence;

/// <summary>The read's failure paths on a scripted host (no root, no files): output it cannot read, a directory listing that is not one.</summary>
public sealed class BridgeConfigReaderTests
{
    private static ScriptedExecutor Host(string networkScriptsListing, int interfacesExit = 3)
    {
        var host = new ScriptedExecutor();
        var commands = BridgeConfigReader.Commands("/", live: false);
        foreach (var (argv, i) in commands.Select((c, i) => (c, i)))
        {
            var (exit, stdout) = i switch
            {
                4 => (interfacesExit, ""),
                5 => (0, networkScriptsListing),
                _ => (i < 4 ? 1 : 0, ""),
            };
            host.On(argv, exitCode: exit, stdout: stdout);
        }
        return host;
    }

    [Fact]
    public async Task The_configuration_is_read_in_one_round_trip()
    {
        var content = "DEVICE=eth0\n";
        var host = Host($"F {Convert.ToBase64String("ifcfg-eth0"u8.ToArray())} {Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(content))}\n" +
                        $"N {Convert.ToBase64String("ifcfg-dir"u8.ToArray())}\n");
        var state = await BridgeConfigReader.ReadAsync(host.Session, "/", live: false, CancellationToken.None);
        Assert.Equal(1, host.RoundTrips);
        host.AssertAllAnswered();
        Assert.Equal(content, state.Text("/etc/sysconfig/network-scripts/ifcfg-eth0"));
        Assert.Null(state.Interfaces);
        // Something there that is not a regular file is refused as soon as it is needed.
        Assert.Equal(ErrorIds.BridgeConfigNotRegularFile,
            Assert.Throws<XHostException>(() => state.Text("/etc/sysconfig/network-scripts/ifcfg-dir")).ErrorId);
    }

    [Fact]
    public async Task A_listing_it_cannot_read_is_ToolOutputUnreadable_naming_the_directory()
    {
        var host = Host("F not-base64!\n");
        var e = await Assert.ThrowsAsync<XHostException>(() => BridgeConfigReader.ReadAsync(host.Session, "/", live: false, CancellationToken.None));
        Assert.Equal(ErrorIds.ToolOutputUnreadable, e.ErrorId);
        Assert.Contains("/etc/sysconfig/network-scripts", e.Message);
    }

    [Fact]
    public async Task An_interfaces_file_that_is_not_regular_is_refused_when_it_would_be_written()
    {
        var host = Host("", interfacesExit: 76);
        var state = await BridgeConfigReader.ReadAsync(host.Session, "/", live: false, CancellationToken.None);
        var e = Assert.Throws<XHostException>(() => BridgeConfigPlanner.PlanSave(state, new BridgeConfigSpec { Bridge = "br0" }, BridgeConfigFormat.Ifupdown, false, DateTime.UtcNow));
        Assert.Equal(ErrorIds.BridgeConfigNotRegularFile, e.ErrorId);
    }
}
