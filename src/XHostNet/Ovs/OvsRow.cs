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

        /// <summary>A boolean column; null when empty or absent.</summary>
        public bool? Bool(string column)
        {
            if (!_columns.TryGetValue(column, out var v)) return null;
            var atoms = Atoms(v).ToList();
            return atoms.Count == 1 && (atoms[0].ValueKind == JsonValueKind.True || atoms[0].ValueKind == JsonValueKind.False) ? atoms[0].GetBoolean() : (bool?)null;
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
}
