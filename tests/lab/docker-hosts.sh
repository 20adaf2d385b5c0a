#!/usr/bin/env bash
# A throwaway pair of Docker hosts on this machine, until New-XHostLab (issue 5) takes over:
#   create PREFIX DIR [dockerd flags...]   remove PREFIX DIR
# Hosts are network namespaces PREFIX-h1 and PREFIX-h2 joined by a "LAN" veth pair PREFIXl1–PREFIXl2 (up, no
# address), each with its own dockerd (tests/lab/dockerd.sh, in DIR/hN, socket unix://DIR/hN/docker.sock, the
# default bridge off) and the image local/busybox:1. Removing stops the engines (containers first) and deletes all.
set -euo pipefail
cmd=${1:?create|remove}; P=${2:?prefix}; D=${3:?directory}; shift 3
dockerd="$(dirname "$0")/dockerd.sh"

remove() {
  for n in 1 2; do
    "$dockerd" stop "$D/h$n" 2>/dev/null || true
    ip netns delete "$P-h$n" 2>/dev/null || true
  done
  ip link delete "${P}l1" 2>/dev/null || true
  rm -rf "$D"
}

case "$cmd" in
  create)
    trap remove ERR
    ip link add "${P}l1" type veth peer name "${P}l2"
    for n in 1 2; do
      ip netns add "$P-h$n"; ip -n "$P-h$n" link set lo up
      ip link set "${P}l$n" netns "$P-h$n"; ip -n "$P-h$n" link set "${P}l$n" up
      "$dockerd" start "$P-h$n" "$D/h$n" "$@"
      "$dockerd" image "$D/h$n"
    done
    trap - ERR ;;
  remove) remove ;;
  *) echo "usage: $0 create PREFIX DIR [dockerd flags] | remove PREFIX DIR" >&2; exit 2 ;;
esac
