#!/usr/bin/env bash
# The run command (README "Run it"): builds the module and the console host, then runs a walkthrough in
# xhostnet-shell. Each walkthrough makes its own throwaway lab on this machine (New-XHostLab) and removes it again,
# also when a step fails.
#   examples/run.sh            the two-host overlay: Open vSwitch + GRE, routes through the tunnel, a ping
#   examples/run.sh vxlan      the same two hosts joined by a kernel VXLAN on br0
#   examples/run.sh docker     the shared LAN: br0 on each host, dockerd bound to it with a fixed-cidr slice each
#   examples/run.sh flannel    one subnet per host, dockerd set from a flannel lease, host-gateway routes
#   examples/run.sh attach     running containers attached to a VXLAN overlay bridge with chosen addresses
#   examples/run.sh bridge     br0 carrying a stand-in NIC on one host
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "Run as root: the walkthroughs create throwaway network namespaces and daemons." >&2; exit 2; }
need=()
command -v ip >/dev/null || need+=(iproute2)
command -v ping >/dev/null || need+=(iputils-ping)
command -v ovs-vsctl >/dev/null || need+=(openvswitch-switch)
command -v dockerd >/dev/null || need+=(docker.io)
[ -x /bin/busybox ] || need+=(busybox-static)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
dotnet build src/XHostNet -c Release -nologo -v quiet >/dev/null
dotnet build src/XHostNet.Host -c Release -nologo -v quiet >/dev/null
shell=src/XHostNet.Host/bin/Release/net10.0/xhostnet-shell

case "${1:-overlay}" in
  overlay) walkthrough=ovs-gre-lab ;;
  vxlan|docker|flannel|attach) walkthrough=$1-lab ;;
  bridge) walkthrough=linux-bridge-lab ;;
  *) echo "usage: examples/run.sh [overlay|vxlan|docker|flannel|attach|bridge]" >&2; exit 2 ;;
esac
exec "$shell" -File "examples/$walkthrough.ps1"
