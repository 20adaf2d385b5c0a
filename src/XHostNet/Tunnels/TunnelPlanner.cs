using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using XHostNet.Linux;
using XHostNet.Ovs;
using XHostNet.Planning;
using XHostNet.Sessions;

namespace XHostNet.Tunnels
{
    /// <summary>Plans adding and removing tunnels (desired vs the host's snapshot → ovs-vsctl or ip commands). Pure: no I/O.</summary>
    public static class TunnelPlanner
    {
        public static ChangePlan<OverlayTunnel> PlanAdd(HostNetworkState state, TunnelSpec spec, bool force)
        {
            var ovsBridge = state.Ovs?.Bridge(spec.Bridge);
            if (ovsBridge != null) return PlanAddOvs(state, spec, force);
            var link = state.Link(spec.Bridge);
            if (spec.Kind == TunnelKind.Vxlan && link?.Kind == "bridge") return PlanAddKernelVxlan(state, spec, force);
            var what = spec.Kind == TunnelKind.Gre ? "an Open vSwitch bridge" : "an Open vSwitch bridge or a Linux bridge";
            if (link != null)
            {
                throw new XHostException(XHostErrorKind.InvalidArgument, ErrorIds.TunnelBridgeInvalid,
                    $"'{spec.Bridge}' on host '{state.Session.Host}' is not {what}{(state.Ovs is null ? " (Open vSwitch is not reachable there)" : "")}. Nothing was changed." +
                    (spec.Kind == TunnelKind.Gre ? " GRE tunnels are ports of an Open vSwitch bridge: New-OvsBridge makes one." : ""));
            }
            throw new XHostException(XHostErrorKind.NotFound, ErrorIds.TunnelBridgeNotFound,
                $"There is no bridge '{spec.Bridge}' on host '{state.Session.Host}'{(state.Ovs is null ? " (and Open vSwitch is not reachable there)" : "")}; " +
                $"a tunnel needs {what}. Nothing was changed.");
        }

        public static ChangePlan<OverlayTunnel> PlanRemove(HostNetworkState state, string name, TunnelKind kind)
        {
            var target = Describe(kind, name);
            var row = state.Ovs?.Interface(name);
            var wanted = kind == TunnelKind.Gre ? new[] { "gre", "ip6gre" } : new[] { "vxlan" };
            if (row != null)
            {
                if (!wanted.Contains(row.Type))
                    throw NotThatKind(state, name, kind, $"an Open vSwitch interface of type '{(row.Type.Length == 0 ? "system" : row.Type)}'");
                var current = Find(state, kind, name);
                return new ChangePlan<OverlayTunnel>(state.Session, target,
                    new[] { OvsVsctl.Command(state.Session, "--if-exists", "del-port", row.Port.Length > 0 ? row.Port : name) }, current)
                {
                    ExplainFailure = result => OvsDaemon.ExplainChange(result, state.Session),
                };
            }
            var link = state.Link(name);
            if (link is null)
            {
                var absent = new ChangePlan<OverlayTunnel>(state.Session, target, Array.Empty<IReadOnlyList<string>>(), null);
                if (state.OvsWarning != null) absent.Warnings.Add(state.OvsWarning); // it may be an Open vSwitch port we could not see
                return absent;
            }
            if (kind == TunnelKind.Gre || link.Kind != "vxlan")
                throw NotThatKind(state, name, kind, $"a{(link.Kind.Length == 0 ? " network" : " " + link.Kind)} interface");
            return new ChangePlan<OverlayTunnel>(state.Session, target,
                new[] { new[] { "ip", "link", "delete", "dev", name, "type", "vxlan" } }, Find(state, kind, name));
        }

        public static OverlayTunnel? Find(HostNetworkState state, TunnelKind kind, string name) => kind == TunnelKind.Gre
            ? (OverlayTunnel?)TunnelReader.Gre(state).FirstOrDefault(t => t.Name == name)
            : TunnelReader.Vxlan(state).FirstOrDefault(t => t.Name == name);

        private static ChangePlan<OverlayTunnel> PlanAddOvs(HostNetworkState state, TunnelSpec spec, bool force)
        {
            var ovs = state.Ovs!;
            var session = state.Session;
            if (spec.UnderlayInterface != null)
            {
                throw new XHostException(XHostErrorKind.InvalidArgument, ErrorIds.UnderlayInterfaceNotApplicable,
                    $"-UnderlayInterface binds a kernel VXLAN device; '{spec.Bridge}' is an Open vSwitch bridge, whose tunnels follow the host's routes. Nothing was changed.");
            }
            var type = spec.Kind == TunnelKind.Gre ? "gre" : "vxlan";
            var options = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["remote_ip"] = spec.RemoteAddress.ToString() };
            if (spec.LocalAddress != null) options["local_ip"] = spec.LocalAddress.ToString();
            if (spec.Kind == TunnelKind.Gre && spec.Key is uint key) options["key"] = key.ToString(CultureInfo.InvariantCulture);
            if (spec.Kind == TunnelKind.Vxlan)
            {
                options["key"] = spec.Vni.ToString(CultureInfo.InvariantCulture);
                if (spec.Port != TunnelOverhead.VxlanDefaultPort) options["dst_port"] = spec.Port.ToString(CultureInfo.InvariantCulture);
            }

            var commands = new List<IReadOnlyList<string>>();
            var existing = ovs.Interface(spec.Name);
            OverlayTunnel? current = null;
            var rollback = Array.Empty<IReadOnlyList<string>>();
            // No --may-exist: the change holds only while the port is as read (absent, or the one -Force replaces). A port
            // made by someone else in between fails this transaction (ovs-vsctl re-checks on commit) instead of being taken over.
            var addArguments = new List<string> { "add-port", spec.Bridge, spec.Name, "--", "set", "Interface", spec.Name, "type=" + type };
            addArguments.AddRange(options.Select(o => $"options:{o.Key}={o.Value}"));
            if (spec.SplitHorizon) addArguments.AddRange(new[] { "--", "set", "Port", spec.Name, "protected=true" });

            if (existing != null)
            {
                current = Find(state, spec.Kind, spec.Name);
                var same = existing.Bridge == spec.Bridge && existing.Type == type && SameOptions(existing.Options, options);
                // -Force replaces a tunnel, never another kind of port (a NIC, a bridge's own port).
                if (!same && !existing.IsTunnel)
                {
                    throw new XHostException(XHostErrorKind.Conflict, ErrorIds.InterfaceNameInUse,
                        $"'{spec.Name}' on host '{session.Host}' is already an Open vSwitch interface that is not a tunnel ({Summary(existing)}). Nothing was changed. Choose another tunnel name.");
                }
                if (!same)
                {
                    if (!force)
                    {
                        throw new XHostException(XHostErrorKind.Conflict, ErrorIds.TunnelConflict,
                            $"'{spec.Name}' on host '{session.Host}' is already an Open vSwitch interface ({Summary(existing)}). Nothing was changed. " +
                            "Use -Force to replace it with the tunnel asked for, or choose another name.");
                    }
                    var replace = new List<string> { "--if-exists", "del-port", existing.Port.Length > 0 ? existing.Port : spec.Name, "--" };
                    replace.AddRange(addArguments);
                    commands.Add(OvsVsctl.Command(session, replace.ToArray()));
                }
                else if (spec.SplitHorizon && !existing.Protected)
                    commands.Add(OvsVsctl.Command(session, "set", "Port", existing.Port.Length > 0 ? existing.Port : spec.Name, "protected=true"));
            }
            else
            {
                if (state.Link(spec.Name) is IpLink clash && clash.Kind != "openvswitch")
                {
                    throw new XHostException(XHostErrorKind.Conflict, ErrorIds.InterfaceNameInUse,
                        $"Host '{session.Host}' already has a{(clash.Kind.Length == 0 ? " network" : " " + clash.Kind)} interface named '{spec.Name}'. Nothing was changed. Choose another tunnel name.");
                }
                commands.Add(OvsVsctl.Command(session, addArguments.ToArray()));
                rollback = new[] { OvsVsctl.UndoCommand(session, "--if-exists", "del-port", spec.Name) };
            }

            // Two tunnels of one type to the same endpoint and key are one tunnel to the datapath: the second never gets traffic.
            var twin = ovs.Interfaces.FirstOrDefault(i => i.Name != spec.Name && i.Bridge == spec.Bridge && i.Type == type && SameOptions(i.Options, options));
            if (twin != null)
            {
                throw new XHostException(XHostErrorKind.Conflict, ErrorIds.TunnelEndpointInUse,
                    $"Tunnel '{twin.Name}' on bridge '{spec.Bridge}' of host '{session.Host}' already goes to {spec.RemoteAddress} with the same settings; " +
                    "a second one would carry no traffic. Nothing was changed.");
            }

            if (spec.Kind == TunnelKind.Vxlan) RefuseVxlanPortClash(state, spec, type);

            var plan = new ChangePlan<OverlayTunnel>(session, Describe(spec.Kind, spec.Name), commands, current)
            {
                RollbackCommands = rollback,
                ExplainFailure = result => result.StandardError.Contains("already exists")
                    ? ChangedConcurrently(session, spec, "another change made a port of that name between this call's read and its change; this call changed nothing")
                    : OvsDaemon.ExplainChange(result, session),
                FailureMayHaveApplied = OvsVsctl.MayHaveApplied,
            };
            AddHealthWarning(plan, current);
            AddMtuWarning(plan, state, spec, spec.Bridge, OverheadOf(spec));
            AddLoopWarning(plan, spec, ovs.TunnelsOn(spec.Bridge).Where(t => t.Name != spec.Name).Select(t => (t.Name, t.Protected)));
            return WithReadBack(plan, state, spec);
        }

        private static ChangePlan<OverlayTunnel> PlanAddKernelVxlan(HostNetworkState state, TunnelSpec spec, bool force)
        {
            var session = state.Session;
            var remote = spec.RemoteAddress;
            if (state.Ovs?.Interface(spec.Name) is { } ovsPort)
            {
                throw new XHostException(XHostErrorKind.Conflict, ErrorIds.InterfaceNameInUse,
                    $"'{spec.Name}' on host '{session.Host}' is already an Open vSwitch interface ({Summary(ovsPort)}). Nothing was changed. Choose another tunnel name.");
            }
            RefuseVxlanPortClash(state, spec, "kernel");
            var (underlay, underlayMtu) = state.UnderlayTo(remote, spec.UnderlayInterface);
            if (spec.UnderlayInterface != null && state.Link(spec.UnderlayInterface) is null)
                throw new XHostException(XHostErrorKind.NotFound, ErrorIds.InterfaceNotFound, $"There is no interface '{spec.UnderlayInterface}' on host '{session.Host}'.");

            var commands = new List<IReadOnlyList<string>>();
            var rollback = Array.Empty<IReadOnlyList<string>>();
            var existing = state.Link(spec.Name);
            var current = existing is null ? null : Find(state, TunnelKind.Vxlan, spec.Name);
            var add = new List<string> { "ip", "link", "add", "name", spec.Name, "type", "vxlan", "id", spec.Vni.ToString(CultureInfo.InvariantCulture),
                "remote", remote.ToString() };
            if (spec.LocalAddress != null) add.AddRange(new[] { "local", spec.LocalAddress.ToString() });
            add.AddRange(new[] { "dstport", spec.Port.ToString(CultureInfo.InvariantCulture) });
            if (spec.UnderlayInterface != null) add.AddRange(new[] { "dev", spec.UnderlayInterface });
            var create = new List<IReadOnlyList<string>> { add };
            // Without "dev" the kernel gives the device MTU 1500, which the underlay cannot carry once 50 bytes of VXLAN are added.
            var overlayMtu = underlayMtu - OverheadOf(spec);
            if (overlayMtu is int mtu && mtu >= 68) create.Add(new[] { "ip", "link", "set", "dev", spec.Name, "mtu", mtu.ToString(CultureInfo.InvariantCulture) });
            create.Add(new[] { "ip", "link", "set", "dev", spec.Name, "master", spec.Bridge });
            create.Add(new[] { "ip", "link", "set", "dev", spec.Name, "up" });
            var isolate = new[] { "ip", "link", "set", "dev", spec.Name, "type", "bridge_slave", "isolated", "on" };
            if (spec.SplitHorizon) create.Add(isolate);

            if (existing is null)
            {
                commands.AddRange(create);
                rollback = new[] { (IReadOnlyList<string>)new[] { "ip", "link", "delete", "dev", spec.Name } };
            }
            else
            {
                var info = existing.Vxlan;
                var same = info != null && info.Id == spec.Vni && info.Remote == remote.ToString() && info.Port == spec.Port &&
                           (spec.LocalAddress is null || info.Local == spec.LocalAddress.ToString()) &&
                           (spec.UnderlayInterface is null || info.Device == spec.UnderlayInterface);
                if (!same)
                {
                    var what = info is null ? $"a{(existing.Kind.Length == 0 ? " network" : " " + existing.Kind)} interface" : $"a VXLAN with VNI {info.Id} to {info.Remote} port {info.Port}";
                    if (!force || info is null)
                    {
                        throw new XHostException(XHostErrorKind.Conflict, info is null ? ErrorIds.InterfaceNameInUse : ErrorIds.TunnelConflict,
                            $"'{spec.Name}' on host '{session.Host}' is already {what}. Nothing was changed." +
                            (info is null ? " Choose another tunnel name." : " Use -Force to replace it with the tunnel asked for."));
                    }
                    commands.Add(new[] { "ip", "link", "delete", "dev", spec.Name });
                    commands.AddRange(create);
                }
                else
                {
                    if (existing.Master != spec.Bridge) commands.Add(new[] { "ip", "link", "set", "dev", spec.Name, "master", spec.Bridge });
                    if (!existing.AdminUp) commands.Add(new[] { "ip", "link", "set", "dev", spec.Name, "up" });
                    // A new master starts the port un-isolated, whatever it was on the old one.
                    if (spec.SplitHorizon && (existing.Isolated != true || existing.Master != spec.Bridge)) commands.Add(isolate);
                }
            }

            // The kernel refuses a second VXLAN device with the same VNI and port; say which one before changing anything.
            var twin = state.Links.FirstOrDefault(l => l.Name != spec.Name && l.Vxlan != null && l.Vxlan.Id == spec.Vni && l.Vxlan.Port == spec.Port &&
                                                       (l.Vxlan.Local is null || spec.LocalAddress is null || l.Vxlan.Local == spec.LocalAddress.ToString()));
            if (twin != null)
            {
                throw new XHostException(XHostErrorKind.Conflict, ErrorIds.TunnelEndpointInUse,
                    $"VXLAN device '{twin.Name}' on host '{session.Host}' already uses VNI {spec.Vni} on UDP port {spec.Port}; the kernel allows one. Nothing was changed.");
            }

            var plan = new ChangePlan<OverlayTunnel>(session, Describe(TunnelKind.Vxlan, spec.Name), commands, current) { RollbackCommands = rollback };
            if (state.OvsWarning != null) plan.Warnings.Add(state.OvsWarning);
            if (underlay is null)
                plan.Warnings.Add($"Host '{session.Host}' has no route to {remote}: the VXLAN '{spec.Name}' will carry nothing until it has one.");
            AddMtuWarning(plan, state, spec, spec.Bridge, OverheadOf(spec));
            AddLoopWarning(plan, spec, state.Links.Where(l => l.Vxlan != null && l.Master == spec.Bridge && l.Name != spec.Name).Select(l => (l.Name, l.Isolated == true)));
            return WithReadBack(plan, state, spec);
        }

        /// <summary>
        /// Two tunnels on one bridge that may forward to each other make a layer-2 loop as soon as three hosts are meshed
        /// this way (each host passes a broadcast from one peer on to the others, for ever). Split horizon on both ends of
        /// every pair breaks it; say so while the user can still choose.
        /// </summary>
        private static void AddLoopWarning(ChangePlan<OverlayTunnel> plan, TunnelSpec spec, IEnumerable<(string Name, bool SplitHorizon)> others)
        {
            var forwarding = others.Where(o => !(spec.SplitHorizon && o.SplitHorizon)).Select(o => o.Name).OrderBy(n => n, StringComparer.Ordinal).ToList();
            if (forwarding.Count == 0) return;
            plan.Warnings.Add(
                $"Tunnel '{spec.Name}' and {string.Join(", ", forwarding.Select(n => $"'{n}'"))} on bridge '{spec.Bridge}' of host '{plan.Session.Host}' forward to each other: " +
                "with three or more hosts meshed this way a broadcast circles the tunnels for ever (a layer-2 loop). " +
                "Add every tunnel on the bridge with -SplitHorizon (they then forward only to the bridge's other ports), or use one bridge per peer.");
        }

        /// <summary>
        /// One UDP port carries VXLAN for either the kernel or Open vSwitch, not both: a userspace OVS VXLAN port takes
        /// every packet to it (tnl_pop) and the kernel device gets nothing; with the kernel datapath the second socket fails.
        /// </summary>
        private static void RefuseVxlanPortClash(HostNetworkState state, TunnelSpec spec, string owner)
        {
            var port = spec.Port;
            var ovsUser = state.Ovs?.Interfaces.FirstOrDefault(i => i.Type == "vxlan" && i.Name != spec.Name &&
                (i.Options.TryGetValue("dst_port", out var p) ? p : TunnelOverhead.VxlanDefaultPort.ToString(CultureInfo.InvariantCulture)) ==
                port.ToString(CultureInfo.InvariantCulture));
            var kernelUser = state.Links.FirstOrDefault(l => l.Vxlan != null && l.Name != spec.Name && l.Vxlan.Port == port);
            var clash = owner == "kernel" ? ovsUser?.Name : kernelUser?.Name;
            if (clash is null) return;
            throw new XHostException(XHostErrorKind.Conflict, ErrorIds.TunnelEndpointInUse,
                $"UDP port {port} on host '{state.Session.Host}' already carries VXLAN for {(owner == "kernel" ? "Open vSwitch" : "the kernel")} ('{clash}'); " +
                $"the {(owner == "kernel" ? "kernel" : "Open vSwitch")} tunnel '{spec.Name}' would receive nothing there. Nothing was changed. Use another -Port.");
        }

        private static ChangePlan<OverlayTunnel> WithReadBack(ChangePlan<OverlayTunnel> plan, HostNetworkState state, TunnelSpec spec) =>
            plan.WithReadBack(HostNetworkState.ReadCommands(state.Session, OvsNeed.IfAvailable), results =>
            {
                var after = HostNetworkState.Parse(state.Session, results, OvsNeed.IfAvailable);
                var tunnel = Find(after, spec.Kind, spec.Name) ?? throw new XHostException(XHostErrorKind.Failed, ErrorIds.TunnelNotWorking,
                    $"{Describe(spec.Kind, spec.Name)} on host '{state.Session.Host}' is not there after the change.");
                // Someone else's change between ours and this read-back: say whose tunnel is there, never report it as ours.
                if (tunnel.RemoteAddress != spec.RemoteAddress.ToString() || tunnel.Bridge != spec.Bridge ||
                    tunnel is VxlanTunnel v && (v.Vni != spec.Vni || v.Port != spec.Port) ||
                    tunnel is GreTunnel g && g.Key != spec.Key?.ToString(CultureInfo.InvariantCulture) ||
                    spec.SplitHorizon && !tunnel.SplitHorizon)
                    throw ChangedConcurrently(state.Session, spec, $"it now goes to {tunnel.RemoteAddress} on bridge {tunnel.Bridge}{(tunnel is GreTunnel { Key: { } k } ? " with key " + k : "")}{(tunnel.SplitHorizon ? "" : " without split horizon")}, as another change left it");
                if (tunnel.Error != null)
                {
                    throw new XHostException(XHostErrorKind.Failed, ErrorIds.TunnelNotWorking,
                        $"{Describe(spec.Kind, spec.Name)} on host '{state.Session.Host}' was added but does not work: {tunnel.Error}.");
                }
                return tunnel;
            });

        private static XHostException ChangedConcurrently(XHostSession session, TunnelSpec spec, string what) =>
            new XHostException(XHostErrorKind.Conflict, ErrorIds.TunnelChangedConcurrently,
                $"{Describe(spec.Kind, spec.Name)} on host '{session.Host}' was changed concurrently: {what}. " +
                $"See it with Get-{(spec.Kind == TunnelKind.Gre ? "Gre" : "Vxlan")}Tunnel {spec.Name}; use -Force to replace it.");

        private static void AddHealthWarning(ChangePlan<OverlayTunnel> plan, OverlayTunnel? current)
        {
            if (current?.Error != null && plan.IsEmpty)
                plan.Warnings.Add($"Tunnel '{current.Name}' on host '{plan.Session.Host}' is configured as asked but does not work: {current.Error}.");
        }

        /// <summary>Warns when devices that feed the tunnel accept packets larger than the overlay can carry (they would be dropped).</summary>
        private static void AddMtuWarning(ChangePlan<OverlayTunnel> plan, HostNetworkState state, TunnelSpec spec, string bridge, int overhead)
        {
            var (underlay, underlayMtu) = state.UnderlayTo(spec.RemoteAddress, spec.UnderlayInterface);
            if (underlayMtu is not int mtu) return;
            var overlay = mtu - overhead;
            var feeding = new List<IpLink>();
            var bridgeLink = state.Link(bridge);
            if (bridgeLink != null) feeding.Add(bridgeLink);
            var linuxBridge = bridgeLink?.Kind == "bridge" ? bridgeLink : bridgeLink?.Master is string m ? state.Link(m) : null;
            if (linuxBridge != null && linuxBridge != bridgeLink) feeding.Add(linuxBridge);
            if (linuxBridge != null) feeding.AddRange(state.Links.Where(l => l.Master == linuxBridge.Name && l.Name != spec.Name && l != bridgeLink));
            if (state.Link(spec.Name) is { Vxlan: not null } own) feeding.Add(own); // an existing kernel VXLAN device's own MTU
            var tooBig = feeding.Where(l => l.Mtu > overlay).Select(l => $"{l.Name} ({l.Mtu})").ToList();
            if (tooBig.Count == 0) return;
            plan.Warnings.Add(
                $"Tunnel '{spec.Name}' on host '{state.Session.Host}' carries IP packets of at most {overlay} bytes (underlay {underlay} MTU {mtu} − {overhead} bytes of " +
                $"{(spec.Kind == TunnelKind.Gre ? "GRE" : "VXLAN")}), but {string.Join(", ", tooBig)} {(tooBig.Count == 1 ? "accepts" : "accept")} larger ones, which will be dropped. " +
                $"Set their MTU (and the containers') to {overlay}, or raise the underlay MTU to {1500 + overhead}.");
        }

        private static int OverheadOf(TunnelSpec spec)
        {
            var ipv6 = spec.RemoteAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
            return spec.Kind == TunnelKind.Gre ? TunnelOverhead.Gre(ipv6, spec.Key != null) : TunnelOverhead.Vxlan(ipv6);
        }

        private static bool SameOptions(IReadOnlyDictionary<string, string> actual, IReadOnlyDictionary<string, string> wanted) =>
            actual.Count == wanted.Count && wanted.All(w => actual.TryGetValue(w.Key, out var v) && v == w.Value);

        private static string Summary(OvsInterfaceRow row) =>
            $"type {(row.Type.Length == 0 ? "system" : row.Type)} on bridge {row.Bridge}" +
            (row.Options.Count > 0 ? ", " + string.Join(", ", row.Options.Select(o => $"{o.Key}={o.Value}")) : "");

        private static string Describe(TunnelKind kind, string name) => $"{(kind == TunnelKind.Gre ? "GRE" : "VXLAN")} tunnel {name}";

        private static XHostException NotThatKind(HostNetworkState state, string name, TunnelKind kind, string what) =>
            new XHostException(XHostErrorKind.Conflict, ErrorIds.NotATunnel,
                $"'{name}' on host '{state.Session.Host}' is {what}, not a {(kind == TunnelKind.Gre ? "GRE" : "VXLAN")} tunnel. Nothing was changed.");
    }
}
