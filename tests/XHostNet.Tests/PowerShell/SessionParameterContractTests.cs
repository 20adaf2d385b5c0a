using System.Management.Automation;
using XHostNet.Commands;
using XHostNet.Linux;
using XHostNet.PowerShell;
using XHostNet.Sessions;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.PowerShell;

/// <summary>
/// -Session binds one way on every cmdlet (about_XHostNet, THE PIPELINE AND PARALLEL HOSTS): named, pipeline input by
/// property name and never by value, names and ids resolved, $null and empty lists refused at binding.
/// </summary>
public sealed class SessionParameterContractTests : IDisposable
{
    // Cmdlets about sessions and labs themselves, which have no host to work on.
    private static readonly string[] WithoutSession = { "Get-XHostLab", "Get-XHostSession", "New-XHostLab", "New-XHostSession", "Remove-XHostLab" };

    // Where -Session cannot be left out (leaving it out cannot mean the local machine), it is mandatory; only
    // Remove-XHostSession, whose object is the session, also takes it by position.
    private static readonly string[] SessionIsTheObject = { "Remove-XHostSession", "New-ContainerSubnetPlan" };

    private readonly PowerShellRunner _ps = new();

    private IReadOnlyList<CmdletInfo> Cmdlets() =>
        _ps.Run("Get-Command -Module XHostNet").Output.Select(o => (CmdletInfo)o.BaseObject).ToList();

    [Fact]
    public void Every_host_cmdlet_has_a_Session_parameter_that_binds_by_property_name_only()
    {
        var wrong = new List<string>();
        foreach (var cmdlet in Cmdlets())
        {
            if (!cmdlet.Parameters.TryGetValue("Session", out var session))
            {
                if (!WithoutSession.Contains(cmdlet.Name)) wrong.Add($"{cmdlet.Name}: no -Session");
                continue;
            }
            if (session.ParameterType != typeof(XHostSession[])) wrong.Add($"{cmdlet.Name}: -Session is {session.ParameterType.Name}");
            if (!session.Attributes.OfType<SessionArgumentAttribute>().Any()) wrong.Add($"{cmdlet.Name}: no [SessionArgument]");
            if (!session.Attributes.OfType<ArgumentCompleterAttribute>().Any(a => a.Type == typeof(SessionCompleter))) wrong.Add($"{cmdlet.Name}: no completer");
            foreach (var (set, p) in session.ParameterSets)
            {
                if (!p.ValueFromPipelineByPropertyName) wrong.Add($"{cmdlet.Name} [{set}]: not by property name");
                if (p.ValueFromPipeline) wrong.Add($"{cmdlet.Name} [{set}]: by value");
                if (p.Position >= 0 && cmdlet.Name != "Remove-XHostSession") wrong.Add($"{cmdlet.Name} [{set}]: positional");
                if (p.IsMandatory && !SessionIsTheObject.Contains(cmdlet.Name)) wrong.Add($"{cmdlet.Name} [{set}]: mandatory");
            }
            // Every other host cmdlet gets -Session from the one declaration.
            if (!SessionIsTheObject.Contains(cmdlet.Name) && !typeof(HostCmdlet).IsAssignableFrom(cmdlet.ImplementingType))
                wrong.Add($"{cmdlet.Name}: not a HostCmdlet");
        }
        Assert.Empty(wrong);
    }

    [Fact]
    public void A_name_taken_from_the_pipeline_by_value_never_takes_a_session()
    {
        var wrong = Cmdlets().Where(c => c.Parameters.ContainsKey("Session"))
            .SelectMany(c => c.Parameters.Values.Where(p => p.Name != "Session"
                    && p.ParameterSets.Values.Any(s => s.ValueFromPipeline)
                    && (p.ParameterType == typeof(string) || p.ParameterType == typeof(string[]))
                    && !p.Attributes.OfType<NotSessionArgumentAttribute>().Any())
                .Select(p => $"{c.Name} -{p.Name}"))
            .ToList();
        Assert.Empty(wrong);
    }

    [Fact]
    public void Session_null_or_empty_is_refused_at_binding_on_every_cmdlet()
    {
        var accepted = new List<string>();
        foreach (var cmdlet in Cmdlets().Where(c => c.Parameters.ContainsKey("Session")))
        {
            foreach (var value in new[] { "$null", "@()", "@($null)", "$undefinedVariable" })
            {
                var result = _ps.Run($"try {{ {cmdlet.Name} -Session {value} -ErrorAction Stop }} catch {{ $_ }}");
                var error = result.Output.Select(o => o.BaseObject).OfType<ErrorRecord>().FirstOrDefault();
                if (error is null || !error.FullyQualifiedErrorId.StartsWith("ParameterArgumentTransformationError,", StringComparison.Ordinal)
                    || !error.Exception.Message.Contains("leave -Session out to work on the local machine"))
                    accepted.Add($"{cmdlet.Name} -Session {value}: {error?.FullyQualifiedErrorId ?? "no error"}");
            }
        }
        Assert.Empty(accepted);
    }

    [RootFact]
    public void A_piped_session_binds_Session_and_nothing_else()
    {
        using var ns = new TempNamespace();
        ns.Exec("ip", "link", "add", "xscbr0", "type", "bridge");
        _ps.Run($"$s = New-XHostSession -NetworkNamespace {ns.Name} -Name xsc-{ns.Name}");
        // Piped, the session selects the host; Get-LinuxBridge, which also takes names by value, lists them all.
        var bridges = _ps.Run("$s | Get-LinuxBridge");
        Assert.Empty(bridges.Errors);
        var bridge = bridges.Single<LinuxBridge>();
        Assert.Equal("xscbr0", bridge.Name);
        Assert.Equal(ns.Name, bridge.Session!.NetworkNamespace);
        Assert.Equal($"netns:{ns.Name}", _ps.Run("$s | Invoke-XHostCommand true").Single<XHostNet.Execution.CommandResult>().Host);
        Assert.Empty(_ps.Run("$s | Remove-XHostSession").Errors);
        Assert.Empty(_ps.Run("Get-XHostSession").Output);
    }

    public void Dispose() => _ps.Dispose();
}
