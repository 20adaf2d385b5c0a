using System.Runtime.InteropServices;

namespace XHostNet.Tests.Support;

internal static class Root
{
    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEffectiveUserId();

    public static bool IsRoot => OperatingSystem.IsLinux() && GetEffectiveUserId() == 0;

    public const string SkipReason = "needs root: creates network namespaces, links and daemons (CI runs as root, where nothing skips)";
}

/// <summary>A fact that changes the kernel's state; skips with a reason when not root.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!Root.IsRoot) Skip = Root.SkipReason;
    }
}

public sealed class RootTheoryAttribute : TheoryAttribute
{
    public RootTheoryAttribute()
    {
        if (!Root.IsRoot) Skip = Root.SkipReason;
    }
}
