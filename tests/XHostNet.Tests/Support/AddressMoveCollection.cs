namespace XHostNet.Tests.Support;

/// <summary>
/// Tests that start address moves: every move's watchdog keeps its directory under the one machine-wide
/// AddressMoveWatchdog.Root, and AddressMoveTests checks that its own moves leave none behind, so they do not run
/// side by side with another class's moves (the rest of the suite still runs in parallel with them).
/// </summary>
[CollectionDefinition(Name)]
public sealed class AddressMoveCollection
{
    public const string Name = "Address moves";
}
