using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace XHostNet.Ovs
{
    /// <summary>
    /// One row of <c>ovs-vsctl --format=json list TABLE</c>. OVSDB encodes values as atoms ("x", 1, true),
    /// ["set", [atoms]], ["map", [[key, value], …]] and ["uuid", "…"]; an empty optional column is ["set", []].
    /// </summary>
    public sealed class OvsRow
    {
        private readonly Dictionary<string, JsonElement> _columns;

        public OvsRow(Dictionary<string, JsonElement> columns) => _columns = columns;

        /// <summary>A string or uuid column; null when empty.</summary>
        public string? String(string column)
        {
            if (!_columns.TryGetValue(column, out var v)) return null;
            var atoms = Atoms(v).ToList();
            return atoms.Count == 1 ? AtomText(atoms[0]) : null;
        }

        public int? Int(string column)
        {
            if (!_columns.TryGetValue(column, out var v)) return null;
            var atoms = Atoms(v).ToList();
            return atoms.Count == 1 && atoms[0].ValueKind == JsonValueKind.Number && atoms[0].TryGetInt32(out var n) ? n : (int?)null;
        }

        public IReadOnlyList<string> Set(string column) =>
            _columns.TryGetValue(column, out var v) ? Atoms(v).Select(AtomText).ToList() : (IReadOnlyList<string>)Array.Empty<string>();

        /// <summary>A map column; pairs that are not [key, value] are left out.</summary>
        public IReadOnlyDictionary<string, string> Map(string column)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            if (_columns.TryGetValue(column, out var v) && Tag(v) == "map" && v[1].ValueKind == JsonValueKind.Array)
            {
                foreach (var pair in v[1].EnumerateArray())
                    if (pair.ValueKind == JsonValueKind.Array && pair.GetArrayLength() == 2) map[AtomText(pair[0])] = AtomText(pair[1]);
            }
            return map;
        }

        /// <summary>The atoms of a value: one for a plain atom or uuid, any number for a set; none for a shape OVSDB does not write.</summary>
        private static IEnumerable<JsonElement> Atoms(JsonElement value)
        {
            if (value.ValueKind != JsonValueKind.Array) return new[] { value };
            var tag = Tag(value);
            if (tag == "set" && value[1].ValueKind == JsonValueKind.Array) return value[1].EnumerateArray().Select(a => a).ToList();
            if (tag == "uuid" || tag == "named-uuid") return new[] { value[1] };
            return Array.Empty<JsonElement>();
        }

        // The tag of ["set", …], ["map", …], ["uuid", …]; null for any other value.
        private static string? Tag(JsonElement value) =>
            value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == 2 && value[0].ValueKind == JsonValueKind.String ? value[0].GetString() : null;

        private static string AtomText(JsonElement atom) => atom.ValueKind switch
        {
            JsonValueKind.String => atom.GetString() ?? "",
            JsonValueKind.Number => atom.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Array when Tag(atom) is string => AtomText(atom[1]), // a uuid inside a set
            _ => atom.GetRawText(),
        };
    }

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
