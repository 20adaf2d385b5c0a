using XHostNet.Ovs;
using XHostNet.Planning;
using XHostNet.Sessions;
using XHostNet.Tests.Support;

namespace XHostNet.Tests.Planning;

/// <summary>One captured step of <see cref="CapturedHost"/>: what each read command of HostNetworkState printed.</summary>
public sealed record HostCapture(string Links, string Routes4, string Routes6, string Ovs)
{
    public const string LinksLine = "ip -j -d -s address show";
    public const string Routes4Line = "ip -4 -j route show table main";
    public const string Routes6Line = "ip -6 -j route show table main";

    /// <summary>The Open vSwitch read of a session with the default database.</summary>
    public static string OvsLine => ScriptedExecutor.Line(OvsState.ReadCommand(new XHostSession()));

    /// <summary>The lines HostNetworkState.ReadAsync runs, in order.</summary>
    public static string[] StateLines(OvsNeed ovs) =>
        ovs == OvsNeed.None ? new[] { LinksLine, Routes4Line, Routes6Line } : new[] { LinksLine, Routes4Line, Routes6Line, OvsLine };

    /// <summary>Feeds the host this step's answers to one HostNetworkState read (or only the links read).</summary>
    public ScriptedExecutor AnswerState(ScriptedExecutor host, OvsNeed ovs)
    {
        host.On(LinksLine.Split(' '), stdout: Links).On(Routes4Line.Split(' '), stdout: Routes4).On(Routes6Line.Split(' '), stdout: Routes6);
        if (ovs != OvsNeed.None) host.On(OvsState.ReadCommand(host.Session), stdout: Ovs);
        return host;
    }

    public ScriptedExecutor AnswerLinks(ScriptedExecutor host) => host.On(LinksLine.Split(' '), stdout: Links);
}
