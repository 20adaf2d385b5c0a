namespace XHostNet.Tests.Support;

/// <summary>What the scripted host answers to one command; <paramref name="Then"/> runs as it answers (e.g. a cancellation arriving then).</summary>
public sealed record ScriptedAnswer(int ExitCode, string Stdout, string Stderr, bool TimedOut, Action? Then);
