#!/usr/bin/env bash
# A throwaway two-host lab on this machine, until New-XHostLab (issue 5) takes over:
#   create PREFIX DIR [CONTAINER_MTU]   remove PREFIX DIR
# Hosts are network namespaces PREFIX-h1, PREFIX-h2 joined by an underlay veth. Each host runs its own
# Open vSwitch (ovsdb-server + ovs-vswitchd in DIR/hN, userspace datapath: this kernel has no OVS module)
# with the underlay veth in an OVS netdev bridge "obrphy" that holds the host's underlay address
# 10.201.0.N/24 — userspace tunnels need their underlay address on a netdev bridge. Each host also has a
# "container" namespace PREFIX-cN whose veth (10.201.N.2/24, default route via 10.201.N.1) ends on the
# host as interface PREFIXvN, left for the runbook to put on br0. Hosts forward IPv4, as Docker hosts do.
# Addresses stay inside the namespaces; nothing on the machine's own network changes.
set -euo pipefail
cmd=${1:?create|remove}; P=${2:?prefix}; D=${3:?directory}; MTU=${4:-1500}

remove() {
  for i in 1 2; do
    for daemon in ovs-vswitchd ovsdb-server; do
      # Our daemons only, by the PID in their own pid file.
      if [ -f "$D/h$i/$daemon.pid" ]; then kill "$(cat "$D/h$i/$daemon.pid")" 2>/dev/null || true; fi
    done
  done
  for ns in "$P-c1" "$P-c2" "$P-h1" "$P-h2"; do ip netns delete "$ns" 2>/dev/null || true; done
  rm -rf "$D"
}

create() {
  trap 'remove' ERR
  mkdir -p "$D"
  for i in 1 2; do
    ip netns add "$P-h$i"; ip -n "$P-h$i" link set lo up
    ip netns add "$P-c$i"; ip -n "$P-c$i" link set lo up
  done
  ip link add "${P}u1" type veth peer name "${P}u2"
  for i in 1 2; do
    local h="$P-h$i" dir="$D/h$i"
    mkdir -p "$dir"
    ip link set "${P}u$i" netns "$h"
    ovsdb-tool create "$dir/conf.db" /usr/share/openvswitch/vswitch.ovsschema
    ip netns exec "$h" env OVS_RUNDIR="$dir" OVS_LOGDIR="$dir" ovsdb-server "$dir/conf.db" --remote=punix:"$dir/db.sock" \
      --pidfile="$dir/ovsdb-server.pid" -vconsole:off --log-file --detach --no-chdir
    ovs-vsctl --db=unix:"$dir/db.sock" --no-wait init
    ip netns exec "$h" env OVS_RUNDIR="$dir" OVS_LOGDIR="$dir" ovs-vswitchd unix:"$dir/db.sock" \
      --pidfile="$dir/ovs-vswitchd.pid" -vconsole:off --log-file --detach --no-chdir
    local mac; mac=$(ip netns exec "$h" cat "/sys/class/net/${P}u$i/address")
    ip netns exec "$h" ovs-vsctl --db=unix:"$dir/db.sock" --timeout=20 add-br obrphy -- set bridge obrphy datapath_type=netdev \
      other_config:hwaddr="$mac" -- add-port obrphy "${P}u$i"
    ip -n "$h" link set "${P}u$i" up
    ip -n "$h" link set obrphy up
    ip -n "$h" address add "10.201.0.$i/24" dev obrphy
    ip netns exec "$h" sysctl -qw "net.ipv4.conf.${P}u$i.rp_filter=1" net.ipv4.ip_forward=1

    ip link add "${P}v$i" mtu "$MTU" type veth peer name "${P}e$i" mtu "$MTU"
    ip link set "${P}v$i" netns "$h"; ip -n "$h" link set "${P}v$i" up
    ip link set "${P}e$i" netns "$P-c$i"
    ip -n "$P-c$i" address add "10.201.$i.2/24" dev "${P}e$i"
    ip -n "$P-c$i" link set "${P}e$i" up
    ip -n "$P-c$i" route add default via "10.201.$i.1"
  done
  trap - ERR
}

"$cmd"
