namespace XHostNet.Persistence
{
    /// <summary>
    /// One file's planned change: its content before (null: absent) and after (null: deleted). Old equal to New is a
    /// file already as asked, kept in the plan so the result still lists it.
    /// </summary>
    public sealed class FileEdit
    {
        public FileEdit(string path, string role, string? oldContent, string? newContent)
        {
            Path = path;
            Role = role;
            Old = oldContent;
            New = newContent;
        }

        public string Path { get; }
        /// <summary>Bridge, Port NAME, Routes, or Block for XHostNet's block in a shared file.</summary>
        public string Role { get; }
        public string? Old { get; }
        public string? New { get; }
        /// <summary>A fresh name the old content is copied to before the write (a file XHostNet did not write, or a shared file).</summary>
        public string? Backup { get; set; }
        /// <summary>A backup whose content <see cref="New"/> puts back; it is deleted after the restore.</summary>
        public string? RestoredBackup { get; set; }
        /// <summary>The backup an owned file's header names (the original XHostNet replaced), for the result.</summary>
        public string? KeptBackup { get; set; }

        public bool Changes => Old != New;
    }
}
