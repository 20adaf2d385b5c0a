namespace XHostNet.Persistence
{
    /// <summary>One file XHostNet keeps for a persisted bridge, as the host has it now.</summary>
    public sealed class PersistedFile
    {
        /// <summary>The file's full path on the host (under the configuration root).</summary>
        public string Path { get; set; } = "";
        /// <summary>What the file does: Bridge, Port eth0, Routes, or Block (a delimited block XHostNet owns in a shared file).</summary>
        public string Role { get; set; } = "";
        /// <summary>Where the file this one replaced is kept (restored on removal); null when XHostNet created the file.</summary>
        public string? Backup { get; set; }

        public override string ToString() => Path;
    }
}
