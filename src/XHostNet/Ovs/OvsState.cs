using System;
using System.Collections.Generic;
using System.Linq;
using XHostNet.Execution;
using XHostNet.Sessions;

namespace XHostNet.Ovs
{
    /// <summary>An Open vSwitch database's bridges and interfaces, as one ovs-vsctl call reports them.</summary>
    public sealed class OvsState
    {
        public static readonly IReadOnlyCollection<string> TunnelTypes = new HashSet<string>(StringComparer.Ordinal)
            { "gre", "ip6gre", "vxlan", "geneve", "stt", "lisp", "erspan", "ip6erspan", "gtpu", "bareudp" };

        public IReadOnlyList<OvsBridgeRow> Bridges { get; set; } = Array.Empty<OvsBridgeRow>();
        public IReadOnlyList<OvsInterfaceRow> Interfaces { get; set; } = Array.Empty<OvsInterfaceRow>();

        public OvsBridgeRow? Bridge(string name) => Bridges.FirstOrDefault(b => b.Name == name);
        public OvsInterfaceRow? Interface(string name) => Interfaces.FirstOrDefault(i => i.Name == name);
        public IEnumerable<OvsInterfaceRow> TunnelsOn(string bridge) => Interfaces.Where(i => i.Bridge == bridge && i.IsTunnel);

        /// <summary>The read whose output <see cref="Parse"/> takes: bridges, ports and interfaces in one transaction.</summary>
        public static IReadOnlyList<string> ReadCommand(XHostSession session) => OvsVsctl.Command(session, "--format=json",
            "--", "--columns=_uuid,name,datapath_type,ports", "list", "Bridge",
            "--", "--columns=_uuid,name,interfaces,protected", "list", "Port",
            "--", "--columns=_uuid,name,type,options,error,ofport,link_state,mtu,status,statistics", "list", "Interface");

        private const string ReadDescription = "ovs-vsctl --format=json list Bridge/Port/Interface";

        public static OvsState Parse(string output)
        {
            var tables = OvsJson.ParseTables(output, ReadDescription);
            if (tables.Count != 3) throw ToolOutput.Unreadable(ReadDescription, $"it has {tables.Count} tables, not 3");
            var bridgeOfPort = new Dictionary<string, string>(StringComparer.Ordinal);
            var bridges = new List<OvsBridgeRow>();
            // A uuid names one row; should one repeat, the last wins (ToDictionary would throw).
            var ports = new Dictionary<string, OvsRow>(StringComparer.Ordinal);
            foreach (var p in tables[1]) ports[p.String("_uuid") ?? ""] = p;
            foreach (var b in tables[0])
            {
                var name = b.String("name") ?? "";
                var portNames = new List<string>();
                foreach (var uuid in b.Set("ports"))
                {
                    bridgeOfPort[uuid] = name;
                    if (ports.TryGetValue(uuid, out var p)) portNames.Add(p.String("name") ?? "");
                }
                bridges.Add(new OvsBridgeRow
                {
                    Name = name,
                    DatapathType = b.String("datapath_type") ?? "",
                    Ports = portNames.OrderBy(n => n, StringComparer.Ordinal).ToList(),
                });
            }
            var interfacePort = new Dictionary<string, (string Port, string Bridge, bool Protected)>(StringComparer.Ordinal);
            foreach (var p in tables[1])
            {
                var uuid = p.String("_uuid") ?? "";
                bridgeOfPort.TryGetValue(uuid, out var bridge);
                foreach (var i in p.Set("interfaces")) interfacePort[i] = (p.String("name") ?? "", bridge ?? "", p.Bool("protected") == true);
            }
            var interfaces = tables[2].Select(i =>
            {
                interfacePort.TryGetValue(i.String("_uuid") ?? "", out var owner);
                return new OvsInterfaceRow
                {
                    Name = i.String("name") ?? "",
                    Type = i.String("type") ?? "",
                    Bridge = owner.Bridge ?? "",
                    Port = owner.Port ?? "",
                    Protected = owner.Protected,
                    Options = i.Map("options"),
                    Error = i.String("error"),
                    OfPort = i.Int("ofport"),
                    LinkState = i.String("link_state"),
                    Mtu = i.Int("mtu"),
                    Status = i.Map("status"),
                    Statistics = i.Map("statistics"),
                };
            }).ToList();
            return new OvsState { Bridges = bridges, Interfaces = interfaces };
        }
    }
}
