#!/usr/bin/env bash
# Prints round-trip figures (bench/round-trips.ps1, with the issue's ratios side by side) and overlay figures on a
# throwaway two-host lab (bench/overlay.ps1, which makes its own lab) through xhostnet-shell. Needs root (network
# namespaces, Open vSwitch daemons).
#   bench/run.sh --fleet [fleet.ps1 arguments]   also converges SSH labs of 1, 4, 8 and 16 hosts (bench/fleet.ps1;
#                                                takes minutes), e.g. bench/run.sh --fleet -DelayMs 10
set -euo pipefail
cd "$(dirname "$0")/.."
fleet=0
if [ "${1-}" = --fleet ]; then fleet=1; shift; fi
dotnet build src/XHostNet -c Release -nologo -v quiet >/dev/null
dotnet build src/XHostNet.Host -c Release -nologo -v quiet >/dev/null
shell=src/XHostNet.Host/bin/Release/net10.0/xhostnet-shell
if [ "$fleet" = 1 ]; then
    "$shell" -File bench/round-trips.ps1
    "$shell" -File bench/overlay.ps1
    "$shell" -File bench/fleet.ps1 "$@"
else
    "$shell" -File bench/round-trips.ps1 "$@"
    "$shell" -File bench/overlay.ps1
fi
