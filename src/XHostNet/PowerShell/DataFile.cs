using System.Collections;
using System.Linq;
using System.Management.Automation.Language;

namespace XHostNet.PowerShell
{
    /// <summary>
    /// Reads a PowerShell data file (.psd1) as Import-PowerShellDataFile does, without running it: parsed, and only
    /// constant values taken (SafeGetValue refuses commands and variables), so a file cannot run code by being read.
    /// </summary>
    internal static class DataFile
    {
        public static Hashtable Read(string path, string errorId)
        {
            var ast = Parser.ParseFile(path, out _, out var errors);
            if (errors.Length > 0)
                throw new XHostException(XHostErrorKind.InvalidArgument, errorId, $"The topology file {path} is not valid PowerShell data: {errors[0].Message} (line {errors[0].Extent.StartLineNumber}). Nothing was changed.");
            var table = ast.Find(a => a is HashtableAst, searchNestedScriptBlocks: false) as HashtableAst
                ?? throw new XHostException(XHostErrorKind.InvalidArgument, errorId, $"The topology file {path} holds no table (@{{ … }}). Nothing was changed.");
            try
            {
                return (Hashtable)table.SafeGetValue();
            }
            catch (System.InvalidOperationException ex)
            {
                throw new XHostException(XHostErrorKind.InvalidArgument, errorId, $"The topology file {path} may hold only constant values: {ex.Message} Nothing was changed.");
            }
        }
    }
}
