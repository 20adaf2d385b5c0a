using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace XHostNet.Ovs
{
    public static class OvsJson
    {
        /// <summary>
        /// Parses the output of one or more <c>list</c> commands: one JSON table a line, in command order. A line that is not
        /// a table ({"headings": [names], "data": [[cells]]}) is ToolOutputUnreadable, named after <paramref name="command"/>.
        /// </summary>
        public static IReadOnlyList<IReadOnlyList<OvsRow>> ParseTables(string output, string command = "ovs-vsctl --format=json list") =>
            ToolOutput.Read(command, () => ParseTablesCore(output ?? ""));

        private static IReadOnlyList<IReadOnlyList<OvsRow>> ParseTablesCore(string output)
        {
            var tables = new List<IReadOnlyList<OvsRow>>();
            foreach (var line in output.Split('\n').Where(l => l.Trim().Length > 0))
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("headings", out var headings) || !root.TryGetProperty("data", out var data) ||
                    headings.ValueKind != JsonValueKind.Array || data.ValueKind != JsonValueKind.Array)
                    throw new FormatException("a line is not a table with headings and data");
                if (headings.EnumerateArray().Any(h => h.ValueKind != JsonValueKind.String))
                    throw new FormatException("a column heading is not a string");
                var names = headings.EnumerateArray().Select(h => h.GetString() ?? "").ToList();
                var rows = new List<OvsRow>();
                foreach (var row in data.EnumerateArray())
                {
                    if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() != names.Count)
                        throw new FormatException($"a row does not have the {names.Count} columns its headings name");
                    var columns = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                    var i = 0;
                    foreach (var cell in row.EnumerateArray()) columns[names[i++]] = cell.Clone();
                    rows.Add(new OvsRow(columns));
                }
                tables.Add(rows);
            }
            return tables;
        }
        internal static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
