namespace XHostNet.Tests.Support;

/// <summary>
/// Tests that change this test process's own environment (which every command it starts inherits): they run alone,
/// after the parallel ones, so no other test sees the change.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "Process environment";
}
