using System.Globalization;
using System.Text;
using XHostNet.Execution;
using XHostNet.Sessions;

namespace XHostNet.Tests.Support;

/// <summary>
/// The one test double of <see cref="ICommandExecutor"/> (issue 12): a host that answers each argv with the result a
/// test fed it, records what ran in order, and fails the test on any command it was not told about. A batch (sh -c or
/// sh -s) is answered as the host's sh would run it: each command the batch carries in turn (from the batch's own model,
/// not its shell text), the first failing change ends it while reads run whatever, and the results come back in the
/// frames <see cref="CommandBatch"/> parses. So the change engine's rollback and partial-apply paths and every
/// planner run without root.
/// </summary>
public sealed class ScriptedExecutor : ICommandExecutor
{
    private readonly Dictionary<string, Queue<ScriptedAnswer>> _once = new(StringComparer.Ordinal);
    private readonly List<(Func<IReadOnlyList<string>, bool> Match, ScriptedAnswer Answer)> _matching = new();
    private readonly List<string> _ran = new();
    private readonly List<string> _unexpected = new();
    private readonly List<string?> _inputs = new();
    private readonly List<IReadOnlyList<string>> _ranCommands = new();

    public ScriptedExecutor(string hostLabel = "ssh:admin@h1:22")
    {
        HostLabel = hostLabel;
        Session = XHostSession.ForExecutor(this, "h1");
    }

    public string HostLabel { get; }
    public bool IsOpen => true;
    /// <summary>A session over this executor, as a cmdlet would have.</summary>
    public XHostSession Session { get; }
    /// <summary>Every command that ran, batch members one by one, as "argv joined by spaces", in order.</summary>
    public IReadOnlyList<string> Ran => _ran;
    /// <summary>The argv of each command in <see cref="Ran"/>.</summary>
    public IReadOnlyList<IReadOnlyList<string>> RanCommands => _ranCommands;
    /// <summary>The standard input of each command in <see cref="Ran"/> (a CommandWithInput's content), else null.</summary>
    public IReadOnlyList<string?> Inputs => _inputs;
    /// <summary>How many times the host was reached (a batch is one).</summary>
    public int RoundTrips { get; private set; }
    /// <summary>Commands that ran without an answer; also failed the test where they ran.</summary>
    public IReadOnlyList<string> Unexpected => _unexpected;

    public static string Line(IEnumerable<string> argv) => string.Join(" ", argv);

    /// <summary>Answers the next run of this command once (answers to one command are used in the order given).</summary>
    public ScriptedExecutor On(IEnumerable<string> argv, int exitCode = 0, string stdout = "", string stderr = "", bool timedOut = false, Action? then = null)
    {
        var key = Line(argv);
        if (!_once.TryGetValue(key, out var queue)) _once[key] = queue = new Queue<ScriptedAnswer>();
        queue.Enqueue(new ScriptedAnswer(exitCode, stdout, stderr, timedOut, then));
        return this;
    }

    /// <summary>
    /// Answers the next run of a command that <paramref name="match"/> accepts once, for an argv with a part no test can
    /// know in advance (a backup file's random name); exact answers are tried first.
    /// </summary>
    public ScriptedExecutor OnMatch(Func<IReadOnlyList<string>, bool> match, int exitCode = 0, string stdout = "", string stderr = "")
    {
        _matching.Add((match, new ScriptedAnswer(exitCode, stdout, stderr, false, null)));
        return this;
    }

    /// <summary>Commands (argv without spaces inside a word, written as one line) that succeed silently, once each.</summary>
    public ScriptedExecutor Succeeds(params string[] lines)
    {
        foreach (var line in lines) On(line.Split(' '));
        return this;
    }

    public Task<CommandResult> RunAsync(HostCommand command, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        RoundTrips++;
        if (command.Batch is null)
        {
            var answer = Answer(command.Argv, command.Input);
            return Task.FromResult(new CommandResult(HostLabel, command.Argv, answer.ExitCode, answer.Stdout, answer.Stderr, TimeSpan.FromMilliseconds(1), answer.TimedOut));
        }
        Assert.Equal("sh", command.Argv[0]);
        var batch = command.Batch;
        // The frames the batch's script writes with printf (see BatchScript.Marker) around each command's own output.
        var stdout = new StringBuilder(batch.Marker + " -\n");
        var stderr = new StringBuilder(batch.Marker + " -\n");
        for (var i = 0; i < batch.Commands.Count; i++)
        {
            var argv = batch.Commands[i];
            var answer = Answer(argv, (argv as CommandWithInput)?.Input);
            // What timeout(1) reports for a command it stopped; the batch goes on to the next command as sh would.
            var exit = answer.TimedOut ? CommandResult.TimeoutExitCode : answer.ExitCode;
            var index = i.ToString(CultureInfo.InvariantCulture);
            stderr.Append(answer.Stderr).Append(batch.Marker).Append(' ').Append(index).Append('\n');
            stdout.Append(answer.Stdout).Append(batch.Marker).Append(' ').Append(index).Append(' ')
                .Append(exit.ToString(CultureInfo.InvariantCulture)).Append(" 1000000 2000000\n");
            if (exit != 0 && i < batch.MustSucceed) break; // "_r … || exit 0": a failed change ends the script
        }
        return Task.FromResult(new CommandResult(HostLabel, command.Argv, 0, stdout.ToString(), stderr.ToString(), TimeSpan.FromMilliseconds(1)));
    }

    /// <summary>Fails unless exactly these commands ran, in this order, and none was unexpected.</summary>
    public void AssertRan(params string[] lines)
    {
        Assert.Empty(_unexpected);
        Assert.Equal(lines, _ran);
    }

    /// <summary>Fails when an answer the test fed was never asked for: the code under test skipped a command.</summary>
    public void AssertAllAnswered()
    {
        Assert.Empty(_once.Where(q => q.Value.Count > 0).Select(q => q.Key));
        Assert.Empty(_matching);
    }

    private ScriptedAnswer Answer(IReadOnlyList<string> argv, string? input)
    {
        var key = Line(argv);
        _ran.Add(key);
        _inputs.Add(input);
        _ranCommands.Add(argv);
        ScriptedAnswer? answer = null;
        if (_once.TryGetValue(key, out var queue) && queue.Count > 0) answer = queue.Dequeue();
        else if (_matching.FindIndex(m => m.Match(argv)) is var at && at >= 0)
        {
            answer = _matching[at].Answer;
            _matching.RemoveAt(at);
        }
        if (answer is null)
        {
            _unexpected.Add(key);
            Assert.Fail($"Unexpected command on the scripted host: {key}{Environment.NewLine}Ran so far:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", _ran)}");
        }
        answer!.Then?.Invoke();
        return answer;
    }

    public void Dispose() { }
}
