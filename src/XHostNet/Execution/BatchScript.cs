using System.Collections.Generic;

namespace XHostNet.Execution
{
    /// <summary>
    /// What a batch's sh script carries, kept on its <see cref="HostCommand"/> next to the script text: the commands, how
    /// many of them are changes that end the batch on failure, and the marker that frames their results. A test double
    /// of <see cref="ICommandExecutor"/> answers the commands from this model instead of reading shell text.
    /// </summary>
    internal sealed class BatchScript
    {
        public BatchScript(IReadOnlyList<IReadOnlyList<string>> commands, int mustSucceed, string marker)
        {
            Commands = commands;
            MustSucceed = mustSucceed;
            Marker = marker;
        }

        public IReadOnlyList<IReadOnlyList<string>> Commands { get; }
        /// <summary>A failure among the first this many commands ends the script (the changes); the rest are reads that always run.</summary>
        public int MustSucceed { get; }
        /// <summary>
        /// What frames the results: after a command's own output, "MARKER index exit start end" on stdout and "MARKER index"
        /// on stderr (start and end are clock readings); "MARKER -" on both before the first command.
        /// </summary>
        public string Marker { get; }
    }
}
