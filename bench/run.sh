#!/usr/bin/env bash
# Prints round-trip figures (bench/round-trips.ps1) and overlay figures on a throwaway two-host lab
# (bench/overlay.ps1, which makes its own lab) through xhostnet-shell. Needs root (network namespaces, Open vSwitch daemons).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/XHostNet -c Release -nologo -v quiet >/dev/null
dotnet build src/XHostNet.Host -c Release -nologo -v quiet >/dev/null
shell=src/XHostNet.Host/bin/Release/net10.0/xhostnet-shell
"$shell" -File bench/round-trips.ps1 "$@"
"$shell" -File bench/overlay.ps1
