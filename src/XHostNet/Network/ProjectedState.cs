using System.Collections.Generic;
using System.Linq;
using XHostNet.Linux;
using XHostNet.Ovs;
using XHostNet.Planning;

namespace XHostNet.Network
{
    /// <summary>
    /// A host's snapshot as it will be once the earlier steps of one change batch have run, so each existing planner
    /// can plan its step (a tunnel on a bridge the batch makes first) and all steps go to the host in one round trip.
    /// Only what the next planners look at is projected: links, their masters and addresses, Open vSwitch rows.
    /// </summary>
    public sealed class ProjectedState
    {
        private readonly List<IpLink> _links;
        private readonly List<OvsBridgeRow>? _ovsBridges;
        private readonly List<OvsInterfaceRow>? _ovsInterfaces;
        private readonly HostNetworkState _read;

        public ProjectedState(HostNetworkState read)
        {
            _read = read;
            _links = read.Links.ToList();
            _ovsBridges = read.Ovs?.Bridges.ToList();
            _ovsInterfaces = read.Ovs?.Interfaces.ToList();
            State = read;
        }

        /// <summary>The snapshot with every projected change so far.</summary>
        public HostNetworkState State { get; private set; }

        /// <summary>Adds a link the batch makes, or replaces the one of that name with what the batch makes of it.</summary>
        public void SetLink(IpLink link)
        {
            _links.RemoveAll(l => l.Name == link.Name);
            _links.Add(link);
            Refresh();
        }

        /// <summary>A copy of a link to change (the read's own objects stay as read).</summary>
        public IpLink? CopyOf(string name) => State.Link(name) is { } l ? new IpLink
        {
            Index = l.Index, Name = l.Name, Kind = l.Kind, Master = l.Master, Mtu = l.Mtu, MacAddress = l.MacAddress, OperState = l.OperState,
            AdminUp = l.AdminUp, Isolated = l.Isolated, StpEnabled = l.StpEnabled, Addresses = l.Addresses, Vxlan = l.Vxlan, PeerIndex = l.PeerIndex, PeerNamespaceId = l.PeerNamespaceId,
        } : null;

        public void AddOvsBridge(string name, string datapathType)
        {
            _ovsBridges!.Add(new OvsBridgeRow { Name = name, DatapathType = datapathType, Ports = new[] { name } });
            _ovsInterfaces!.Add(new OvsInterfaceRow { Name = name, Type = "internal", Bridge = name, Port = name, OfPort = 65534 });
            Refresh();
        }

        public void AddOvsInterface(OvsInterfaceRow row)
        {
            _ovsInterfaces!.Add(row);
            Refresh();
        }

        private void Refresh()
        {
            var ovs = _ovsBridges is null ? null : new OvsState { Bridges = _ovsBridges.ToList(), Interfaces = _ovsInterfaces!.ToList() };
            State = new HostNetworkState(_read.Session, _links.ToList(), _read.Routes, ovs);
        }
    }
}
