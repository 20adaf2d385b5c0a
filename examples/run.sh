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
#   examples/run.sh network    three hosts over SSH made one network by Connect-XHostNetwork, and taken back
#   examples/run.sh leases     three hosts whose subnets are etcd leases beside a flannel host's, reachability matrix, leases given back
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "Run as root: the walkthroughs create throwaway network namespaces and daemons." >&2; exit 2; }
need=()
command -v ip >/dev/null || need+=(iproute2)
command -v ping >/dev/null || need+=(iputils-ping)
command -v ovs-vsctl >/dev/null || need+=(openvswitch-switch)
command -v dockerd >/dev/null || need+=(docker.io)
[ -x /bin/busybox ] || need+=(busybox-static)
# The network walkthrough's hosts are reached over SSH: each lab host runs its own sshd.
if [ "${1-}" = network ]; then
  [ -x /usr/sbin/sshd ] || need+=(openssh-server)
  command -v ssh-keygen >/dev/null || need+=(openssh-client)
fi
# The leases walkthrough runs etcd in its lab, and writes flannel's lease with etcdctl.
if [ "${1-}" = leases ]; then
  command -v etcd >/dev/null || need+=(etcd-server)
  command -v etcdctl >/dev/null || need+=(etcd-client)
  command -v curl >/dev/null || need+=(curl)
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing ${need[*]} from Debian's packages..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# Say what is happening: the first build restores packages and compiles for a minute or two; later ones take seconds.
# The build's own output is shown only when it fails.
build() {
  local started=$SECONDS log
  echo -n "Building $1 ($2)... "
  log=$(dotnet build "$1" -c Release -nologo -v quiet 2>&1) || { echo "failed:"; echo "$log" >&2; exit 1; }
  echo "done in $((SECONDS - started)) s"
}
build src/XHostNet "the module, laid out in out/XHostNet"
build src/XHostNet.Host "xhostnet-shell, the console host the walkthrough runs in"
shell=src/XHostNet.Host/bin/Release/net10.0/xhostnet-shell

case "${1:-overlay}" in
  overlay) walkthrough=ovs-gre-lab ;;
  vxlan|docker|flannel|attach) walkthrough=$1-lab ;;
  bridge) walkthrough=linux-bridge-lab ;;
  network) walkthrough=network-lab ;;
  leases) walkthrough=flannel-leases ;;
  *) echo "usage: examples/run.sh [overlay|vxlan|docker|flannel|attach|bridge|network|leases]" >&2; exit 2 ;;
esac
exec "$shell" -File "examples/$walkthrough.ps1"
