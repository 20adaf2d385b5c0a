using System;
using System.Collections.Generic;
using System.Text;

namespace XHostNet.Execution
{
    /// <summary>Writing a file on a host through the execution layer, as one argv (no shell string built from the content).</summary>
    public static class HostFile
    {
        /// <summary>
        /// Writes a file atomically: the content (base64, as an argument) goes to a sibling file that keeps the old
        /// file's mode, which then replaces it with rename(2). A reader never sees half a file.
        /// </summary>
        public static IReadOnlyList<string> WriteAtomically(string path, string content) => new[]
        {
            "sh", "-c",
            "set -e; t=\"$1.xhostnet-new\"; if [ -e \"$1\" ]; then cp -p \"$1\" \"$t\"; fi; printf %s \"$2\" | base64 -d > \"$t\"; mv -f \"$t\" \"$1\"",
            "sh", path, Convert.ToBase64String(new UTF8Encoding(false).GetBytes(content)),
        };
    }
}
