using XHostNet.Linux;
using XHostNet.Ovs;
using XHostNet.Planning;
using XHostNet.Routing;
using XHostNet.Sessions;

namespace XHostNet.Tests.Planning;

/// <summary>One overlay host's snapshot (links, routes, Open vSwitch) that the overlay tests of several areas judge.</summary>
public static class OverlaySnapshot
{
    // Captured from ovs-vsctl 3.1 on a lab host (userspace datapath), trimmed to the columns read.
    public const string OvsOutput = """
        {"data":[[["uuid","b1"],"obr0","netdev",["set",[["uuid","p1"],["uuid","p2"]]]],[["uuid","b2"],"obrphy","netdev",["uuid","p3"]]],"headings":["_uuid","name","datapath_type","ports"]}
        {"data":[[["uuid","p1"],"obr0",["uuid","i1"]],[["uuid","p2"],"gre0",["uuid","i2"]],[["uuid","p3"],"obrphy",["uuid","i3"]]],"headings":["_uuid","name","interfaces"]}
        {"data":[[["uuid","i1"],"obr0","internal",["map",[]],["set",[]],65534,"up",1500,["map",[["driver_name","tun"]]],["map",[]]],[["uuid","i2"],"gre0","gre",["map",[["key","7"],["remote_ip","10.201.0.2"]]],["set",[]],1,"up",["set",[]],["map",[["tunnel_egress_iface","obrphy"],["tunnel_egress_iface_carrier","up"]]],["map",[["rx_packets",44],["tx_packets",95]]]],[["uuid","i3"],"obrphy","internal",["map",[]],"could not open network device obrphy (No such device)",["set",[]],"down",["set",[]],["map",[]],["map",[]]]],"headings":["_uuid","name","type","options","error","ofport","link_state","mtu","status","statistics"]}
        """;

    public const string Links = """
        [{"ifindex":2,"ifname":"obrphy","flags":["UP"],"mtu":1500,"operstate":"UNKNOWN","address":"aa:00:00:00:00:01","linkinfo":{"info_kind":"tun"},"addr_info":[{"family":"inet","local":"10.201.0.1","prefixlen":24,"scope":"global"}]},
         {"ifindex":3,"ifname":"obr0","flags":["UP"],"mtu":1500,"master":"br0","operstate":"UNKNOWN","address":"aa:00:00:00:00:02","linkinfo":{"info_kind":"tun"},"addr_info":[]},
         {"ifindex":4,"ifname":"br0","flags":["UP"],"mtu":1462,"operstate":"UP","address":"aa:00:00:00:00:03","linkinfo":{"info_kind":"bridge","info_data":{"stp_state":0}},"addr_info":[{"family":"inet","local":"10.201.1.1","prefixlen":24,"scope":"global"}]},
         {"ifindex":5,"ifname":"vx0","flags":["UP"],"mtu":1500,"master":"br1","operstate":"UNKNOWN","address":"aa:00:00:00:00:04","linkinfo":{"info_kind":"vxlan","info_data":{"id":42,"remote":"10.201.0.3","port":4789}},"addr_info":[],
          "stats64":{"rx":{"bytes":1,"packets":3},"tx":{"bytes":1,"packets":9}}},
         {"ifindex":6,"ifname":"br1","flags":["UP"],"mtu":1500,"operstate":"UP","address":"aa:00:00:00:00:05","linkinfo":{"info_kind":"bridge","info_data":{"stp_state":0}},"addr_info":[]}]
        """;

    public const string Routes = """
        [{"dst":"10.201.0.0/24","dev":"obrphy","protocol":"kernel","scope":"link","prefsrc":"10.201.0.1","flags":[]},
         {"dst":"10.201.1.0/24","dev":"br0","protocol":"kernel","scope":"link","prefsrc":"10.201.1.1","flags":[]},
         {"dst":"10.201.2.0/24","gateway":"10.201.2.1","dev":"br0","protocol":"static","flags":["onlink"]},
         {"dst":"10.201.9.9","gateway":"10.201.0.2","dev":"obrphy","flags":[]},
         {"dst":"default","gateway":"10.201.0.254","dev":"obrphy","metric":100,"flags":[]}]
        """;

    public static HostNetworkState State(XHostSession? session = null) =>
        new(session ?? new XHostSession(), IpJson.ParseLinks(Links), IpRouteJson.Parse(Routes), OvsState.Parse(OvsOutput));
}
