#!/usr/bin/env bash
# Prints round-trip figures (bench/round-trips.ps1) and overlay figures on a throwaway two-host lab
# (bench/overlay.ps1) through xhostnet-shell. Needs root (network namespaces, Open vSwitch daemons).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/XHostNet -c Release -nologo -v quiet >/dev/null
dotnet build src/XHostNet.Host -c Release -nologo -v quiet >/dev/null
shell=src/XHostNet.Host/bin/Release/net10.0/xhostnet-shell
"$shell" -File bench/round-trips.ps1 "$@"
prefix="xb$(head -c 3 /dev/urandom | od -An -tx1 | tr -d ' \n')"
dir="/tmp/xhn-bench-$prefix"
trap 'tests/lab/two-hosts.sh remove "$prefix" "$dir"' EXIT
tests/lab/two-hosts.sh create "$prefix" "$dir" 1462
"$shell" -File bench/overlay.ps1 -Prefix "$prefix" -LabDir "$dir"
