using System;
using System.Collections.Generic;

namespace XHostNet.Persistence
{
    /// <summary>Turns a bridge spec into one format's files, as edits of what the host has now.</summary>
    public interface IBridgeConfigWriter
    {
        /// <summary>
        /// Every file the format needs for the spec, including those already as asked (Old equal to New); a file that
        /// exists and is not XHostNet's is refused unless <paramref name="force"/>.
        /// </summary>
        IReadOnlyList<FileEdit> Save(BridgeConfigState state, BridgeConfigSpec spec, bool force, DateTime now, ICollection<string> warnings);
    }
}
