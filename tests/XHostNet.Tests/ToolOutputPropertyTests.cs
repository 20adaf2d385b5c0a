using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using XHostNet.Linux;
using XHostNet.Ovs;
using XHostNet.Reachability;
using XHostNet.Routing;
using XHostNet.Tests.Linux;

namespace XHostNet.Tests;

/// <summary>
/// The parsers of tool output (issue 10, item 11) on mutations of real samples: truncated, spliced, with characters
/// changed, with a JSON value swapped for another type (null, number, string, array, object, nested arrays), or random
/// JSON. Each either parses or fails with the module's own ToolOutputUnreadable error naming the command: never
/// another exception, whose message would say nothing to a user.
/// </summary>
public class ToolOutputPropertyTests
{
    private const int Runs = 10000;

    // Real output, captured on this machine (kernel 6.x iproute2, ovs-vsctl 3.x, iputils and BusyBox ping).
    private static readonly string Links = ParsingAndValidationTests.SampleLinks;
    private const string Routes = """
        [{"dst":"default","gateway":"10.201.0.254","dev":"obrphy","metric":100,"flags":[]},
         {"dst":"10.201.0.0/24","dev":"obrphy","protocol":"kernel","scope":"link","prefsrc":"10.201.0.1","flags":[]},
         {"dst":"10.201.2.0/24","gateway":"10.201.2.1","dev":"br0","protocol":"static","flags":["onlink"]},
         {"dst":"10.201.9.9","gateway":"10.201.0.2","dev":"obrphy","flags":[]},
         {"type":"unreachable","dst":"fd00:9::/64","dev":"lo","protocol":"static","metric":1024,"flags":[],"pref":"medium"}]
        """;
    private const string Ovs = """
        {"data":[[["uuid","b1"],"obr0","netdev",["set",[["uuid","p1"],["uuid","p2"]]]],[["uuid","b2"],"obrphy","netdev",["uuid","p3"]]],"headings":["_uuid","name","datapath_type","ports"]}
        {"data":[[["uuid","p1"],"obr0",["uuid","i1"]],[["uuid","p2"],"gre0",["uuid","i2"]],[["uuid","p3"],"obrphy",["uuid","i3"]]],"headings":["_uuid","name","interfaces"]}
        {"data":[[["uuid","i1"],"obr0","internal",["map",[]],["set",[]],65534,"up",1500,["map",[["driver_name","tun"]]],["map",[]]],[["uuid","i2"],"gre0","gre",["map",[["key","7"],["remote_ip","10.201.0.2"]]],["set",[]],1,"up",["set",[]],["map",[["tunnel_egress_iface","obrphy"]]],["map",[["rx_packets",44],["tx_packets",95]]]],[["uuid","i3"],"obrphy","internal",["map",[]],"could not open network device obrphy (No such device)",["set",[]],"down",["set",[]],["map",[]],["map",[]]]],"headings":["_uuid","name","type","options","error","ofport","link_state","mtu","status","statistics"]}
        """;
    private const string Ping = "PING 10.201.2.2 (10.201.2.2) 56(84) bytes of data.\n64 bytes from 10.201.2.2: icmp_seq=1 ttl=63 time=0.574 ms\n\n" +
                                "--- 10.201.2.2 ping statistics ---\n3 packets transmitted, 3 received, 0% packet loss, time 409ms\n" +
                                "rtt min/avg/max/mdev = 0.404/0.492/0.574/0.069 ms\n";
    private const string BusyboxPing = "--- 10.201.0.128 ping statistics ---\n3 packets transmitted, 3 packets received, 0% packet loss\n" +
                                       "round-trip min/avg/max = 0.092/0.106/0.129 ms\n";

    // What the cmdlets do with the parsed values is part of "does not crash": bridges, tunnels, lookups.
    private static void ReadLinks(string text)
    {
        var links = IpJson.ParseLinks(text);
        foreach (var l in links.Where(l => l.Kind == "bridge")) _ = LinuxBridge.FromLinks(l, links, null).Addresses.Length;
    }

    private static void ReadRoutes(string text) =>
        _ = IpRouteJson.Lookup(IpRouteJson.Parse(text), System.Net.IPAddress.Parse("10.201.2.7"));

    private static void ReadOvs(string text)
    {
        var state = OvsState.Parse(text);
        foreach (var b in state.Bridges) _ = state.TunnelsOn(b.Name).Select(t => t.Failure).ToList();
        foreach (var row in OvsJson.ParseTables(text).SelectMany(t => t))
            _ = (row.String("name"), row.Int("ofport"), row.Set("ports"), row.Map("options"));
    }

    private static void ReadPing(string text) => _ = PingOutput.Parse(text).RttAvg;

    /// <summary>True when the parser read the text or refused it with ToolOutputUnreadable; any other exception is a failure.</summary>
    private static Property ParsesOrRefusesClearly(Action<string> read, string text, string command)
    {
        try
        {
            read(text);
            return true.Label("parsed");
        }
        catch (XHostException ex) when (ex.ErrorId == ErrorIds.ToolOutputUnreadable)
        {
            return ex.Message.Contains(command).Label($"the error names '{command}': {ex.Message}");
        }
        catch (Exception ex)
        {
            return false.Label($"{ex.GetType().Name}: {ex.Message}\ninput: {text}");
        }
    }

    // ---- text mutations: truncate, delete, splice, change a character, insert noise ----

    private static readonly char[] Noise = "{}[]\",:-.0123456789eEtfnul \n\\/x%\u00e9\u0660\u212A".ToCharArray();

    // How far the next ASCII digit is (the length when there is none).
    private static int Digits(string s) => s.TakeWhile(c => !char.IsAsciiDigit(c)).Count();

    private static string MutateText(string sample, byte op, ushort at, ushort length, string? insert)
    {
        var s = sample;
        var i = at % (s.Length + 1);
        var n = Math.Min(length % 40, s.Length - i);
        var noise = insert ?? "";
        var digits = i + Digits(s.Substring(i));
        var run = s.Substring(digits).TakeWhile(c => char.IsAsciiDigit(c) || c == '.').Count();
        switch (op % 8)
        {
            case 6: return s.Remove(digits, run).Insert(digits, new string('9', 1 + length % 24));     // a number too big
            case 7: return s.Remove(digits, run).Insert(digits, new[] { "1.2.3", "\u0663", "-1", "", ".", "1e5", "0x10" }[length % 7]); // not a number
            case 0: return s.Substring(0, i);                                   // truncated output
            case 1: return s.Remove(i, n);                                      // a piece lost
            case 2: return s.Insert(i, s.Substring((i * 7 + n) % s.Length, Math.Min(n, s.Length - (i * 7 + n) % s.Length))); // spliced copy
            case 3: return i < s.Length ? s.Remove(i, 1).Insert(i, Noise[length % Noise.Length].ToString()) : s; // one character changed
            case 4: return s.Insert(i, noise);                                  // arbitrary text inserted
            default: return noise;                                              // arbitrary text instead
        }
    }

    [FsCheck.Xunit.Property(MaxTest = Runs)]
    public Property Ip_links_text_mutations(byte op, ushort at, ushort length, string? insert) =>
        ParsesOrRefusesClearly(ReadLinks, MutateText(Links, op, at, length, insert), "ip -j");

    [FsCheck.Xunit.Property(MaxTest = Runs)]
    public Property Ip_routes_text_mutations(byte op, ushort at, ushort length, string? insert) =>
        ParsesOrRefusesClearly(ReadRoutes, MutateText(Routes, op, at, length, insert), "ip -j route");

    [FsCheck.Xunit.Property(MaxTest = Runs)]
    public Property Ovs_json_text_mutations(byte op, ushort at, ushort length, string? insert) =>
        ParsesOrRefusesClearly(ReadOvs, MutateText(Ovs, op, at, length, insert), "ovs-vsctl");

    [FsCheck.Xunit.Property(MaxTest = Runs)]
    public Property Ping_text_mutations(bool busybox, byte op, ushort at, ushort length, string? insert) =>
        ParsesOrRefusesClearly(ReadPing, MutateText(busybox ? BusyboxPing : Ping, op, at, length, insert), "ping");

    // ---- valid JSON of an unexpected shape: one value swapped for another type ----

    private static JsonNode? Replacement(int kind, string? text, JsonNode? original) => (kind % 14) switch
    {
        0 => null,
        1 => JsonValue.Create(text ?? ""),
        2 => JsonValue.Create(-1),
        3 => JsonValue.Create(2147483648L),
        4 => JsonValue.Create(1e300),
        5 => JsonValue.Create(3.5),
        6 => JsonValue.Create(true),
        7 => new JsonArray(),
        8 => new JsonObject(),
        9 => new JsonArray(new JsonArray(new JsonArray())),
        10 => new JsonArray(original?.DeepClone(), original?.DeepClone()),   // the value nested in an array
        11 => new JsonObject { ["x"] = original?.DeepClone() },                 // … or in an object
        12 => JsonValue.Create("::ffff:1.2.3.4/200"),
        _ => JsonValue.Create(ulong.MaxValue),
    };

    /// <summary>Replaces the n-th value (depth first) of each JSON document in the text (one a line for ovs-vsctl).</summary>
    private static string MutateJson(string sample, bool perLine, int which, int kind, string? text)
    {
        var docs = perLine ? sample.Split('\n', StringSplitOptions.RemoveEmptyEntries) : new[] { sample };
        var doc = Math.Abs(which % docs.Length);
        var root = JsonNode.Parse(docs[doc])!;
        var nodes = new List<JsonNode>();
        void Walk(JsonNode? n)
        {
            if (n is null) return;
            nodes.Add(n);
            if (n is JsonObject o) foreach (var p in o.ToList()) Walk(p.Value);
            if (n is JsonArray a) foreach (var e in a.ToList()) Walk(e);
        }
        Walk(root);
        var target = nodes[Math.Abs(which / 3 % nodes.Count)];
        var replacement = Replacement(Math.Abs(kind), text, target);
        if (target.Parent is JsonObject parent) parent[target.GetPropertyName()] = replacement;
        else if (target.Parent is JsonArray array) array[target.GetElementIndex()] = replacement;
        else root = replacement ?? JsonValue.Create(0)!;
        docs[doc] = root?.ToJsonString() ?? "null";
        return string.Join("\n", docs);
    }

    [FsCheck.Xunit.Property(MaxTest = Runs)]
    public Property Ip_links_json_of_another_shape(int which, int kind, string? text) =>
        ParsesOrRefusesClearly(ReadLinks, MutateJson(Links, false, which, kind, text), "ip -j");

    [FsCheck.Xunit.Property(MaxTest = Runs)]
    public Property Ip_routes_json_of_another_shape(int which, int kind, string? text) =>
        ParsesOrRefusesClearly(ReadRoutes, MutateJson(Routes, false, which, kind, text), "ip -j route");

    [FsCheck.Xunit.Property(MaxTest = Runs)]
    public Property Ovs_json_of_another_shape(int which, int kind, string? text) =>
        ParsesOrRefusesClearly(ReadOvs, MutateJson(Ovs, true, which, kind, text), "ovs-vsctl");

    // ---- random JSON documents ----

    private static Gen<JsonNode?> RandomJson(int depth) =>
        depth <= 0
            ? Gen.OneOf(Gen.Constant<JsonNode?>(null), Gen.Choose(-3, 70000).Select(i => (JsonNode?)JsonValue.Create(i)),
                        Gen.Elements("UP", "bridge", "10.1.1.1", "set", "map", "uuid", "default", "").Select(s => (JsonNode?)JsonValue.Create(s)))
            : Gen.OneOf(RandomJson(0),
                        RandomJson(depth - 1).ArrayOf(4).Select(a => (JsonNode?)new JsonArray(a)),
                        Gen.Zip(Gen.Elements("ifname", "addr_info", "local", "prefixlen", "dst", "metric", "flags", "headings", "data", "linkinfo", "info_data", "stats64"),
                                RandomJson(depth - 1)).ArrayOf(4)
                           .Select(ps => { var o = new JsonObject(); foreach (var (k, v) in ps) o[k] = v; return (JsonNode?)o; }));

    [FsCheck.Xunit.Property(MaxTest = 3000)]
    public Property Random_json_documents() =>
        Prop.ForAll(Arb.From(RandomJson(4).Select(n => n?.ToJsonString() ?? "null")), json =>
            ParsesOrRefusesClearly(ReadLinks, json, "ip -j")
                .And(ParsesOrRefusesClearly(ReadRoutes, json, "ip -j route"))
                .And(ParsesOrRefusesClearly(ReadOvs, json, "ovs-vsctl")));

    [Fact]
    public void The_samples_themselves_parse()
    {
        Assert.Equal(4, IpJson.ParseLinks(Links).Count);
        Assert.Equal(5, IpRouteJson.Parse(Routes).Count);
        Assert.Equal(2, OvsState.Parse(Ovs).Bridges.Count);
        Assert.Equal(3, PingOutput.Parse(Ping).Received);
    }

    [Theory]
    [InlineData("[{\"ifname\":\"x\",\"flags\":[1,\"UP\"]}]")]                              // a flag that is not a string
    [InlineData("[{\"ifname\":\"x\",\"mtu\":1e300}]")]                                      // a number out of range
    [InlineData("[{\"ifname\":\"x\",\"stats64\":{\"tx\":[1]}}]")]                           // an array where an object was
    [InlineData("[{\"ifname\":\"x\",\"linkinfo\":{\"info_kind\":\"bridge\",\"info_data\":{\"stp_state\":2.5}}}]")]
    public void Valid_link_json_of_another_shape_reads_as_not_set(string json) =>
        Assert.Equal("x", Assert.Single(IpJson.ParseLinks(json)).Name);

    [Theory]
    [InlineData("[[]]")]
    [InlineData("{\"ifname\":\"x\"}")]
    [InlineData("[{\"ifname\":\"x\",\"addr_info\":[{\"local\":\"10.1.1.1\",\"prefixlen\":99}]}]")]
    public void Link_json_that_cannot_be_links_is_tool_output_unreadable(string json)
    {
        var ex = Assert.Throws<XHostException>(() => IpJson.ParseLinks(json));
        Assert.Equal((ErrorIds.ToolOutputUnreadable, XHostErrorKind.Failed), (ex.ErrorId, ex.Kind));
        Assert.Contains("ip -j", ex.Message);
    }

    [Theory]
    [InlineData("[{\"dst\":\"10.1.1.0/99\"}]", "ip -j route")]
    [InlineData("[{\"dst\":\"1.2.3\"}]", "ip -j route")]
    [InlineData("{\"data\":[[1,2]],\"headings\":[\"a\"]}", "ovs-vsctl")]
    [InlineData("99999999999 packets transmitted, 1 received", "ping")]
    public void Other_unreadable_outputs_name_their_command(string text, string command)
    {
        var ex = Assert.Throws<XHostException>(() =>
        {
            if (command == "ping") PingOutput.Parse(text);
            else if (command == "ovs-vsctl") OvsJson.ParseTables(text);
            else IpRouteJson.Parse(text);
        });
        Assert.Equal(ErrorIds.ToolOutputUnreadable, ex.ErrorId);
        Assert.Contains(command, ex.Message);
    }
}
