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
            return atoms.Count == 1 && atoms[0].ValueKind == JsonValueKind.Number ? atoms[0].GetInt32() : (int?)null;
        }

        public IReadOnlyList<string> Set(string column) =>
            _columns.TryGetValue(column, out var v) ? Atoms(v).Select(AtomText).ToList() : (IReadOnlyList<string>)Array.Empty<string>();

        public IReadOnlyDictionary<string, string> Map(string column)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            if (_columns.TryGetValue(column, out var v) && v.ValueKind == JsonValueKind.Array && v.GetArrayLength() == 2 &&
                v[0].GetString() == "map")
            {
                foreach (var pair in v[1].EnumerateArray()) map[AtomText(pair[0])] = AtomText(pair[1]);
            }
            return map;
        }

        /// <summary>The atoms of a value: one for a plain atom or uuid, any number for a set.</summary>
        private static IEnumerable<JsonElement> Atoms(JsonElement value)
        {
            if (value.ValueKind != JsonValueKind.Array) return new[] { value };
            var tag = value.GetArrayLength() == 2 ? value[0].GetString() : null;
            if (tag == "set") return value[1].EnumerateArray().Select(a => a);
            if (tag == "uuid" || tag == "named-uuid") return new[] { value[1] };
            return Array.Empty<JsonElement>();
        }

        private static string AtomText(JsonElement atom) => atom.ValueKind switch
        {
            JsonValueKind.String => atom.GetString() ?? "",
            JsonValueKind.Number => atom.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Array when atom.GetArrayLength() == 2 => AtomText(atom[1]), // a uuid inside a set
            _ => atom.GetRawText(),
        };
    }

    public static class OvsJson
    {
        /// <summary>Parses the output of one or more <c>list</c> commands: one JSON table a line, in command order.</summary>
        public static IReadOnlyList<IReadOnlyList<OvsRow>> ParseTables(string output)
        {
            var tables = new List<IReadOnlyList<OvsRow>>();
            foreach (var line in output.Split('\n').Where(l => l.Trim().Length > 0))
            {
                using var doc = JsonDocument.Parse(line);
                if (!doc.RootElement.TryGetProperty("headings", out var headings) || !doc.RootElement.TryGetProperty("data", out var data))
                    throw new FormatException("ovs-vsctl --format=json output has no headings or data: " + line);
                var names = headings.EnumerateArray().Select(h => h.GetString() ?? "").ToList();
                var rows = new List<OvsRow>();
                foreach (var row in data.EnumerateArray())
                {
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
