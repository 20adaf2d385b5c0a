using System;
using System.Collections.Generic;
using System.Linq;
using XHostNet.Planning;
using XHostNet.Sessions;

namespace XHostNet.Ovs
{
    /// <summary>Plans Open vSwitch bridge changes (desired vs the host's snapshot → ovs-vsctl commands). Pure: no I/O.</summary>
    public static class OvsBridgePlanner
    {
        public const string Kernel = "system";
        public const string Userspace = "netdev";

        /// <param name="datapathType">system or netdev; null means the kernel datapath where the host has one, else userspace.</param>
        /// <param name="mtu">The MTU of the bridge's own device (Interface mtu_request); null leaves it as it is.</param>
        /// <param name="kernelDatapath">Whether the host's kernel offers the Open vSwitch datapath (when it is known).</param>
        public static ChangePlan<OvsBridge> PlanNew(HostNetworkState state, string name, string? datapathType, int? mtu, bool kernelDatapath, bool force)
        {
            var session = state.Session;
            var ovs = state.Ovs!;
            var existing = ovs.Bridge(name);
            var commands = new List<IReadOnlyList<string>>();
            ChangePlan<OvsBridge> plan;
            if (existing != null)
            {
                var current = OvsBridge.From(existing, state);
                var conflicts = new List<string>();
                if (datapathType != null && current.DatapathType != datapathType)
                {
                    conflicts.Add($"datapath type {current.DatapathType} (asked {datapathType}; switching re-creates its ports, so traffic stops briefly)");
                    commands.Add(OvsVsctl.Command(session, "set", "Bridge", name, "datapath_type=" + datapathType));
                }
                if (mtu is int wanted && current.Mtu != wanted)
                {
                    conflicts.Add($"MTU {current.Mtu} (asked {wanted})");
                    commands.Add(OvsVsctl.Command(session, "set", "Interface", name, "mtu_request=" + OvsJson.Invariant(wanted)));
                }
                if (conflicts.Count > 0 && !force)
                {
                    throw new XHostException(XHostErrorKind.Conflict, ErrorIds.OvsBridgeConflict,
                        $"Open vSwitch bridge '{name}' on host '{session.Host}' already exists with {string.Join(" and ", conflicts)}. " +
                        "Nothing was changed. Use -Force to change it to the settings asked for.");
                }
                var link = state.Link(name);
                // Switching the datapath re-creates the device, down; so does repairing a bridge that had none.
                var switching = datapathType != null && current.DatapathType != datapathType;
                if (link != null && !link.AdminUp || switching) commands.Add(Up(name));
                plan = new ChangePlan<OvsBridge>(session, "Open vSwitch bridge " + name, commands, current);
                if (current.Error != null && commands.Count == 0)
                    plan.Warnings.Add($"Open vSwitch bridge '{name}' on host '{session.Host}' exists but does not work: {current.Error}.");
            }
            else
            {
                if (state.Link(name) is { } clash)
                {
                    throw new XHostException(XHostErrorKind.Conflict, ErrorIds.InterfaceNameInUse,
                        $"Host '{session.Host}' already has a{(clash.Kind.Length == 0 ? " network" : " " + clash.Kind)} interface named '{name}' that is not an Open vSwitch bridge. Nothing was changed.");
                }
                var type = datapathType ?? (kernelDatapath ? Kernel : Userspace);
                // No --may-exist: a bridge someone else made between the read and this change fails the transaction
                // (ovs-vsctl re-checks on commit) instead of being reported as the one asked for.
                var add = new List<string> { "add-br", name, "--", "set", "Bridge", name, "datapath_type=" + type };
                if (mtu is int wanted) add.AddRange(new[] { "--", "set", "Interface", name, "mtu_request=" + OvsJson.Invariant(wanted) });
                commands.Add(OvsVsctl.Command(session, add.ToArray()));
                // The bridge's own device starts down; a bridge that is a port of br0 must be up to carry anything.
                commands.Add(Up(name));
                plan = new ChangePlan<OvsBridge>(session, "Open vSwitch bridge " + name, commands, null)
                {
                    RollbackCommands = new[] { OvsVsctl.UndoCommand(session, "--if-exists", "del-br", name) },
                    // ovs-vsctl exits 0 for a bridge the datapath cannot create; the next command then finds no device.
                    FailureErrorId = ErrorIds.OvsBridgeNotWorking,
                    FailureHint = type == Kernel
                        ? $"Open vSwitch made no device for '{name}': the kernel datapath looks unavailable on host '{session.Host}'; use -DatapathType netdev."
                        : $"Open vSwitch made no device for '{name}' on host '{session.Host}'; see the ovs-vswitchd log.",
                };
                if (datapathType is null && !kernelDatapath)
                {
                    plan.Warnings.Add($"Host '{session.Host}' has no Open vSwitch kernel datapath (no openvswitch module), so '{name}' uses the userspace datapath (netdev). " +
                                      "It works, more slowly; tunnels from it need the host's underlay address on a netdev bridge too. Use -DatapathType to choose.");
                }
            }
            plan.ExplainFailure = result => existing is null && result.StandardError.Contains("already exists")
                ? ChangedConcurrently(session, name, "another change made a bridge of that name between this call's read and its change; this call changed nothing")
                : OvsDaemon.ExplainChange(result, session);
            plan.FailureMayHaveApplied = OvsVsctl.MayHaveApplied;
            var verb = existing is null ? "added" : "changed";
            return plan.WithReadBack(HostNetworkState.ReadCommands(session, OvsNeed.Required), results =>
            {
                var after = HostNetworkState.Parse(session, results, OvsNeed.Required);
                var row = after.Ovs!.Bridge(name) ?? throw new XHostException(XHostErrorKind.Failed, ErrorIds.OvsBridgeNotWorking,
                    $"Open vSwitch bridge '{name}' on host '{session.Host}' is not in the database after the change.");
                var bridge = OvsBridge.From(row, after);
                var wantedType = datapathType ?? (existing is null ? (kernelDatapath ? Kernel : Userspace) : null);
                if (wantedType != null && bridge.DatapathType != wantedType || mtu is int asked && bridge.Mtu != asked && bridge.Error is null)
                    throw ChangedConcurrently(session, name, $"it now has datapath type {bridge.DatapathType} and MTU {bridge.Mtu}, as another change left it");
                if (bridge.Error != null)
                {
                    var hint = bridge.DatapathType == Kernel ? " The kernel datapath looks unavailable there; use -DatapathType netdev." : "";
                    throw new XHostException(XHostErrorKind.Failed, ErrorIds.OvsBridgeNotWorking,
                        $"Open vSwitch bridge '{name}' on host '{session.Host}' was {verb} but does not work: {bridge.Error}.{hint}");
                }
                return bridge;
            });
        }

        /// <summary>Removing a bridge that is not there changes nothing; a kernel interface of that name is not touched.</summary>
        public static ChangePlan<OvsBridge> PlanRemove(HostNetworkState state, string name)
        {
            var row = state.Ovs!.Bridge(name);
            if (row is null && state.Ovs.Interface(name) is { } port)
            {
                throw new XHostException(XHostErrorKind.Conflict, ErrorIds.NotAnOvsBridge,
                    $"'{name}' on host '{state.Session.Host}' is a port of Open vSwitch bridge '{port.Bridge}', not a bridge. Nothing was changed.");
            }
            if (row is null)
            {
                if (state.Link(name) is { } link && link.Kind != "openvswitch")
                {
                    throw new XHostException(XHostErrorKind.Conflict, ErrorIds.NotAnOvsBridge,
                        $"'{name}' on host '{state.Session.Host}' is a{(link.Kind.Length == 0 ? " network" : " " + link.Kind)} interface, not an Open vSwitch bridge. Nothing was changed.");
                }
                return new ChangePlan<OvsBridge>(state.Session, "Open vSwitch bridge " + name, Array.Empty<IReadOnlyList<string>>(), null);
            }
            return new ChangePlan<OvsBridge>(state.Session, "Open vSwitch bridge " + name,
                new[] { OvsVsctl.Command(state.Session, "--if-exists", "del-br", name) }, OvsBridge.From(row, state))
            {
                ExplainFailure = result => OvsDaemon.ExplainChange(result, state.Session),
            };
        }

        public static IReadOnlyList<OvsBridge> ReadBridges(HostNetworkState state) =>
            state.Ovs!.Bridges.Select(b => OvsBridge.From(b, state)).OrderBy(b => b.Name, StringComparer.Ordinal).ToList();

        private static XHostException ChangedConcurrently(XHostSession session, string name, string what) =>
            new XHostException(XHostErrorKind.Conflict, ErrorIds.OvsBridgeChangedConcurrently,
                $"Open vSwitch bridge '{name}' on host '{session.Host}' was changed concurrently: {what}. See it with Get-OvsBridge {name}; use -Force to change it.");

        private static IReadOnlyList<string> Up(string name) => new[] { "ip", "link", "set", "dev", name, "up" };
    }
}
