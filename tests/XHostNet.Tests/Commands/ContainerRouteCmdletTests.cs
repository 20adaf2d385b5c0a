using System.Text.Json;
using XHostNet.Routing;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Commands;

/// <summary>The route cmdlets against the real kernel in a throwaway namespace, checked with ip -j route.</summary>
public sealed class ContainerRouteCmdletTests : IDisposable
{
    private readonly TempNamespace _ns = null!;
    private readonly PowerShellRunner _ps = new();

    public ContainerRouteCmdletTests()
    {
        if (!Root.IsRoot) return;
        _ns = new TempNamespace();
        // A bridge stands in for the host's LAN: 10.202.0.0/24 is directly connected.
        _ns.Exec("ip", "link", "add", "br0", "type", "bridge");
        _ns.Exec("ip", "address", "add", "10.202.0.1/24", "dev", "br0");
        _ns.Exec("ip", "address", "add", "fd00:202::1/64", "dev", "br0", "nodad");
        _ns.Exec("ip", "link", "set", "br0", "up");
        _ps.Run($"$h = New-XHostSession -NetworkNamespace {_ns.Name}");
    }

    private JsonElement[] Routes(string dst) =>
        JsonDocument.Parse(_ns.Exec("ip", "-j", "route", "show", dst)).RootElement.EnumerateArray().ToArray();

    [RootFact]
    public void Add_makes_the_route_idempotently_and_reports_its_path()
    {
        var result = _ps.Run("Add-ContainerRoute -PassThru -Destination 10.202.2.0/24 -Gateway 10.202.0.2 -Session $h");
        Assert.Empty(result.Errors);
        var route = result.Single<ContainerRoute>(); // -PassThru: the route as the kernel now has it
        Assert.Equal(("10.202.2.0/24", "10.202.0.2", "br0", RoutePathKind.Underlay, "static"), (route.Destination, route.Gateway, route.Interface, route.Path, route.Protocol));
        var kernel = Assert.Single(Routes("10.202.2.0/24"));
        Assert.Equal(("10.202.0.2", "br0", "static"), (kernel.GetProperty("gateway").GetString(), kernel.GetProperty("dev").GetString(), kernel.GetProperty("protocol").GetString()));
        Assert.Empty(result.Warnings); // no tunnel on this host, so the underlay is all there is

        var again = _ps.Run("Add-ContainerRoute 10.202.2.0/24 10.202.0.2 -Session $h -Verbose");
        Assert.Empty(again.Errors);
        Assert.Empty(again.Output); // without -PassThru
        Assert.Contains(again.Verbose, v => v.Contains("nothing to change"));
        Assert.Single(Routes("10.202.2.0/24"));
    }

    [RootFact]
    public void A_different_route_to_the_same_network_is_a_conflict_unless_Force()
    {
        _ps.Run("Add-ContainerRoute 10.202.2.0/24 10.202.0.2 -Session $h");
        var conflict = _ps.Run("Add-ContainerRoute -PassThru 10.202.2.0/24 10.202.0.3 -Session $h");
        Assert.Equal(ErrorIds.RouteConflict, conflict.ErrorId());
        Assert.Contains("via 10.202.0.2 dev br0", conflict.Errors[0].Exception.Message);
        Assert.Equal("10.202.0.2", Assert.Single(Routes("10.202.2.0/24")).GetProperty("gateway").GetString());

        var forced = _ps.Run("Add-ContainerRoute -PassThru 10.202.2.0/24 10.202.2.1 -Interface br0 -OnLink -Force -Session $h");
        Assert.Empty(forced.Errors);
        var kernel = Assert.Single(Routes("10.202.2.0/24"));
        Assert.Equal("10.202.2.1", kernel.GetProperty("gateway").GetString());
        Assert.Contains("onlink", kernel.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
    }

    [RootFact]
    public void Checks_before_changing_anything()
    {
        Assert.Equal(ErrorIds.GatewayNotDirectlyReachable, _ps.Run("Add-ContainerRoute 10.202.2.0/24 10.202.9.1 -Session $h").ErrorId());
        Assert.Equal(ErrorIds.OnLinkNeedsInterface, _ps.Run("Add-ContainerRoute 10.202.2.0/24 10.202.9.1 -OnLink -Session $h").ErrorId());
        Assert.Equal(ErrorIds.InterfaceNotFound, _ps.Run("Add-ContainerRoute 10.202.2.0/24 10.202.9.1 -Interface nosuch -OnLink -Session $h").ErrorId());
        Assert.Equal(ErrorIds.RouteFamilyMismatch, _ps.Run("Add-ContainerRoute 10.202.2.0/24 fd00::1 -Session $h").ErrorId());
        Assert.Equal(ErrorIds.GatewayIsLocal, _ps.Run("Add-ContainerRoute 10.202.2.0/24 10.202.0.1 -Session $h").ErrorId());
        Assert.Equal("ParameterArgumentValidationError", _ps.Run("Add-ContainerRoute 10.202.2.1/24 10.202.0.2 -Session $h").ErrorId());
        Assert.Equal("ParameterArgumentTransformationError", _ps.Run("Add-ContainerRoute -Destination 10.202.2.0 -Gateway 10.202.0.2 -Session $h").ErrorId());
        Assert.Empty(Routes("10.202.2.0/24"));
    }

    [RootFact]
    public void Get_Find_and_Remove()
    {
        _ps.Run("Add-ContainerRoute 10.202.2.0/24 10.202.0.2 -Session $h; Add-ContainerRoute 10.202.3.0/24 10.202.0.3 -Metric 50 -Session $h");
        var all = _ps.Run("Get-ContainerRoute -Session $h").All<ContainerRoute>().ToList();
        Assert.Equal(new[] { "10.202.2.0/24", "10.202.3.0/24" }, all.Select(r => r.Destination).OrderBy(d => d));
        Assert.Equal(50u, all.Single(r => r.Destination == "10.202.3.0/24").Metric);
        Assert.Single(_ps.Run("Get-ContainerRoute 10.202.3.0/24 -Session $h").All<ContainerRoute>());
        Assert.Empty(_ps.Run("Get-ContainerRoute -Path Tunnel -Session $h").Output);

        var paths = _ps.Run("Find-ContainerRoute 10.202.2.7, 10.202.0.1 -Session $h").All<RoutePath>().ToList();
        Assert.Equal(("br0", "10.202.0.2", RoutePathKind.Underlay), (paths[0].Interface, paths[0].Gateway, paths[0].Path));
        Assert.Equal(RoutePathKind.Local, paths[1].Path);
        Assert.Equal(ErrorIds.NoRouteToDestination, _ps.Run("Find-ContainerRoute 10.203.0.1 -Session $h").ErrorId());

        Assert.Empty(_ps.Run("Get-ContainerRoute 10.202.3.0/24 -Session $h | Remove-ContainerRoute -Confirm:$false").Errors);
        Assert.Empty(Routes("10.202.3.0/24"));
        Assert.Empty(_ps.Run("Remove-ContainerRoute 10.202.3.0/24 -Session $h -Confirm:$false").Errors); // already gone: nothing to do
        Assert.Empty(_ps.Run("Remove-ContainerRoute 10.202.2.0/24 -Gateway 10.202.0.9 -Session $h -Confirm:$false").Errors);
        Assert.Single(Routes("10.202.2.0/24")); // only routes via that gateway are removed
    }

    [RootFact]
    public void Ipv6_routes_get_the_kernel_default_metric_and_are_idempotent()
    {
        var result = _ps.Run("Add-ContainerRoute -PassThru fd00:202:2::/64 fd00:202::2 -Session $h");
        Assert.Empty(result.Errors);
        Assert.Equal(1024u, result.Single<ContainerRoute>().Metric);
        var kernel = JsonDocument.Parse(_ns.Exec("ip", "-6", "-j", "route", "show", "fd00:202:2::/64")).RootElement.EnumerateArray().Single();
        Assert.Equal("fd00:202::2", kernel.GetProperty("gateway").GetString());
        Assert.Contains(_ps.Run("Add-ContainerRoute fd00:202:2::/64 fd00:202::2 -Session $h -Verbose").Verbose, v => v.Contains("nothing to change"));
    }

    [RootFact]
    public void A_route_that_another_route_outranks_is_warned_about_and_routes_pipe_back_in()
    {
        _ps.Run("Add-ContainerRoute 10.202.2.0/24 10.202.0.2 -Session $h");
        var fallback = _ps.Run("Add-ContainerRoute -PassThru 10.202.2.0/24 10.202.0.3 -Metric 100 -Session $h");
        Assert.Empty(fallback.Errors);
        Assert.Contains(fallback.Warnings, w => w.Contains("metric 0, lower than 100") && w.Contains("only a fallback"));
        Assert.Equal(2, Routes("10.202.2.0/24").Length);

        // Routes read from a host can be re-applied (here to the same host: nothing to change).
        var again = _ps.Run("Get-ContainerRoute -Session $h | Add-ContainerRoute -PassThru -Verbose");
        Assert.Empty(again.Errors);
        Assert.Equal(2, again.Verbose.Count(v => v.Contains("nothing to change")));
    }

    [RootFact]
    public void Remove_never_touches_connected_or_default_routes()
    {
        _ns.Exec("ip", "route", "add", "default", "via", "10.202.0.254");
        Assert.Empty(_ps.Run("Remove-ContainerRoute 10.202.0.0/24 -Session $h -Confirm:$false; Remove-ContainerRoute 0.0.0.0/0 -Session $h -Confirm:$false").Errors);
        Assert.Single(Routes("10.202.0.0/24"));
        Assert.Single(Routes("default"));
        Assert.Equal(ErrorIds.ContainerRouteNotFound, _ps.Run("Get-ContainerRoute 10.202.0.0/24 -Session $h").ErrorId());
    }

    public void Dispose()
    {
        _ps.Dispose();
        _ns?.Dispose();
    }
}
