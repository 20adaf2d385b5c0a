using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using XHostNet.Linux;

namespace XHostNet.Persistence
{
    /// <summary>
    /// Debian ifupdown with bridge-utils: the bridge's stanzas (bridge_ports, bridge_stp off, bridge_fd 0, the addresses,
    /// gateway and MTU) and each port as "iface PORT inet manual", in a file of /etc/network/interfaces.d when the main
    /// file sources that directory, else in a delimited block XHostNet owns at the end of /etc/network/interfaces. A
    /// port's own iface stanza there (its address now the bridge's) is commented out with a tag, so removal puts it back.
    /// </summary>
    public sealed class IfupdownWriter : IBridgeConfigWriter
    {
        private static readonly Regex SourcesDirectory = new Regex(
            @"^\s*(source\s+(/etc/network/)?interfaces\.d/\*|source-directory\s+(/etc/network/)?interfaces\.d/?)\s*$", RegexOptions.CultureInvariant);
        private static readonly Regex Keyword = new Regex(@"^\s*(iface|mapping|auto|allow-[^\s]+|source|source-directory|no-auto-down|no-scripts|rename)(\s|$)", RegexOptions.CultureInvariant);
        private static readonly Regex Iface = new Regex(@"^\s*iface\s+([^\s]+)\s", RegexOptions.CultureInvariant);

        /// <summary>
        /// The file in interfaces.d for the bridge. source-directory (run-parts) reads only names of letters, digits, '_'
        /// and '-', so a '.' in the bridge's name becomes '_'.
        /// </summary>
        public static string DirectoryFile(BridgeConfigState state, string bridge) =>
            state.PathOf(BridgeConfigPaths.InterfacesDirectory) + "/xhostnet-" + bridge.Replace('.', '_');

        public IReadOnlyList<FileEdit> Save(BridgeConfigState state, BridgeConfigSpec spec, bool force, DateTime now, ICollection<string> warnings)
        {
            var mainPath = state.PathOf(BridgeConfigPaths.Interfaces);
            var main = state.Text(mainPath);
            var useDirectory = main != null && main.Split('\n').Any(l => SourcesDirectory.IsMatch(l));
            var lines = Lines(Clean(main ?? "", spec.Bridge));
            CommentOutStanzas(state, mainPath, lines, spec, force, warnings);
            var edits = new List<FileEdit>();
            var stanzas = Stanzas(spec);
            var newMain = Text(lines);
            if (useDirectory)
            {
                // ifupdown sources every file of the directory, a backup too: a file there that is not XHostNet's is never replaced.
                var file = DirectoryFile(state, spec.Bridge);
                if (state.Text(file) is string existing && ConfigMarker.ReadFileHeader(existing) is null)
                {
                    throw new XHostException(XHostErrorKind.Conflict, ErrorIds.BridgeConfigFileExists,
                        $"{file} on host '{state.Session.Host}' exists and XHostNet did not write it; it is not overwritten, even with -Force, because ifupdown " +
                        "reads every file in that directory and a backup kept there would configure the bridge twice. Move it away. Nothing was changed.");
                }
                edits.Add(OwnedFiles.Write(state, file, "Bridge", spec.Bridge, stanzas, force, now));
            }
            else newMain += ConfigMarker.BlockBegin(spec.Bridge) + "\n" + stanzas + ConfigMarker.BlockEnd(spec.Bridge) + "\n";
            WarnAboutOtherFiles(state, spec, warnings);
            if (!useDirectory || newMain != main)
                edits.Insert(0, new FileEdit(mainPath, "Block", main, newMain) { Backup = main != null && main != newMain ? OwnedFiles.BackupName(mainPath, now) : null });
            return edits;
        }

        /// <summary>The bridge's and its ports' stanzas, as bridge-utils-interfaces(5) and the Debian wiki show them.</summary>
        public static string Stanzas(BridgeConfigSpec spec)
        {
            var s = new StringBuilder();
            var b = spec.Bridge;
            var v4 = spec.IPv4.ToList();
            var v6 = spec.IPv6.ToList();
            var routes4 = spec.Routes.Where(r => !r.Destination.IsIPv6).ToList();
            var routes6 = spec.Routes.Where(r => r.Destination.IsIPv6).ToList();
            s.Append($"auto {b}\n");
            s.Append(v4.Count > 0 ? $"iface {b} inet static\n" : $"iface {b} inet manual\n");
            s.Append($"    bridge_ports {(spec.Ports.Count == 0 ? "none" : string.Join(" ", spec.Ports))}\n");
            s.Append("    bridge_stp off\n    bridge_fd 0\n");
            if (v4.Count > 0) s.Append($"    address {v4[0].Address}\n    netmask {Netmask(v4[0].PrefixLength)}\n");
            if (spec.Gateway != null) s.Append($"    gateway {spec.Gateway}\n");
            if (spec.Mtu is int mtu) s.Append($"    mtu {mtu.ToString(CultureInfo.InvariantCulture)}\n");
            foreach (var r in routes4) s.Append($"    up ip route add {Route(r, b)}\n");
            if (v6.Count == 0) foreach (var r in routes6) s.Append($"    up ip -6 route add {Route(r, b)}\n");
            // Further addresses are further stanzas of the same interface (ifupdown 0.8 and later).
            foreach (var a in v4.Skip(1)) s.Append($"\niface {b} inet static\n    address {a.Address}\n    netmask {Netmask(a.PrefixLength)}\n");
            for (var i = 0; i < v6.Count; i++)
            {
                s.Append($"\niface {b} inet6 static\n    address {v6[i].Address}\n    netmask {v6[i].PrefixLength.ToString(CultureInfo.InvariantCulture)}\n");
                if (i > 0) continue;
                if (spec.Gateway6 != null) s.Append($"    gateway {spec.Gateway6}\n");
                foreach (var r in routes6) s.Append($"    up ip -6 route add {Route(r, b)}\n");
            }
            foreach (var port in spec.Ports)
            {
                s.Append($"\niface {port} inet manual\n");
                if (spec.Mtu is int portMtu) s.Append($"    mtu {portMtu.ToString(CultureInfo.InvariantCulture)}\n");
            }
            return s.ToString();
        }

        /// <summary>
        /// The file as it was before XHostNet touched it for the bridge: its block gone and the lines it commented out
        /// for the bridge put back. Other bridges' blocks and everyone else's lines stay exactly as they are.
        /// </summary>
        public static string Clean(string text, string bridge)
        {
            var result = new List<string>();
            var inBlock = false;
            foreach (var line in Lines(text))
            {
                if (line == ConfigMarker.BlockBegin(bridge)) inBlock = true;
                else if (inBlock && line == ConfigMarker.BlockEnd(bridge)) inBlock = false;
                else if (!inBlock) result.Add(ConfigMarker.CommentedOriginal(line, bridge) ?? line);
            }
            return Text(result);
        }

        /// <summary>Whether the text holds anything XHostNet put there for the bridge.</summary>
        public static bool HasOwn(string text, string bridge) => Clean(text, bridge) != text;

        // Outside XHostNet's blocks: each port's iface stanzas are commented out (the port is "manual" in the bridge's
        // configuration, and its address is the bridge's); a stanza of the bridge's own is someone else's bridge, refused
        // unless forced. Blank and comment lines inside a stanza are left as they are.
        private static void CommentOutStanzas(BridgeConfigState state, string path, List<string> lines, BridgeConfigSpec spec, bool force, ICollection<string> warnings)
        {
            string? owner = null; // the bridge whose block the line is in
            string? commenting = null; // the interface whose stanza is being commented out
            for (var i = 0; i < lines.Count; i++)
            {
                var line = lines[i];
                if (ConfigMarker.BlockBridge(line) is string blockOf) { owner = blockOf; continue; }
                if (owner != null) { if (line == ConfigMarker.BlockEnd(owner)) owner = null; continue; }
                var trimmed = line.TrimStart();
                if (trimmed.Length == 0 || trimmed[0] == '#') continue;
                if (Keyword.IsMatch(line))
                {
                    commenting = null;
                    var iface = Iface.Match(line);
                    if (!iface.Success) continue;
                    var name = iface.Groups[1].Value;
                    if (name == spec.Bridge && !force)
                    {
                        throw new XHostException(XHostErrorKind.Conflict, ErrorIds.BridgeConfigFileExists,
                            $"{path} on host '{state.Session.Host}' already configures {spec.Bridge} ('{trimmed}'), and XHostNet did not write it; it is not overwritten. " +
                            "Use -Force to comment that stanza out (put back on removal). Nothing was changed.");
                    }
                    if (name != spec.Bridge && !spec.Ports.Contains(name)) continue;
                    commenting = name;
                    warnings.Add($"On host '{state.Session.Host}', '{trimmed}' in {path} is commented out: {name} is " +
                                 (name == spec.Bridge ? "configured by XHostNet's stanzas now" : $"a port of {spec.Bridge} now") + ". Removing the configuration puts it back.");
                }
                if (commenting != null) lines[i] = ConfigMarker.CommentOut(spec.Bridge, line);
            }
        }

        // A stanza for the bridge or a port in another file of interfaces.d would configure it twice; XHostNet edits
        // only /etc/network/interfaces and its own files, so it says where.
        private static void WarnAboutOtherFiles(BridgeConfigState state, BridgeConfigSpec spec, ICollection<string> warnings)
        {
            var dir = state.PathOf(BridgeConfigPaths.InterfacesDirectory) + "/";
            var names = new HashSet<string>(new[] { spec.Bridge }.Concat(spec.Ports), StringComparer.Ordinal);
            foreach (var file in state.Files.Where(f => f.Key.StartsWith(dir, StringComparison.Ordinal) && f.Value != null && ConfigMarker.ReadFileHeader(f.Value) is null)
                         .OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                foreach (var stanza in file.Value!.Split('\n').Where(l => Iface.Match(l) is var m && m.Success && names.Contains(m.Groups[1].Value)))
                {
                    warnings.Add($"On host '{state.Session.Host}', {file.Key} also has '{stanza.Trim()}': ifupdown would configure {Iface.Match(stanza).Groups[1].Value} " +
                                 "twice. Take that stanza out.");
                }
            }
        }

        private static string Route(BridgeConfigRoute r, string bridge) => r.IpArguments(bridge);

        private static string Netmask(int prefixLength)
        {
            var bits = prefixLength == 0 ? 0u : uint.MaxValue << (32 - prefixLength);
            return new IPAddress(new[] { (byte)(bits >> 24), (byte)(bits >> 16), (byte)(bits >> 8), (byte)bits }).ToString();
        }

        private static List<string> Lines(string text)
        {
            var lines = text.Split('\n').ToList();
            if (lines.Count > 0 && lines[lines.Count - 1].Length == 0) lines.RemoveAt(lines.Count - 1);
            return lines;
        }

        private static string Text(IEnumerable<string> lines) => string.Concat(lines.Select(l => l + "\n"));
    }
}
