#!/usr/bin/env bash
# Prints round-trip figures (bench/round-trips.ps1) through xhostnet-shell. Needs root (a network namespace).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/XHostNet -c Release -nologo -v quiet >/dev/null
dotnet build src/XHostNet.Host -c Release -nologo -v quiet >/dev/null
exec src/XHostNet.Host/bin/Release/net10.0/xhostnet-shell -File bench/round-trips.ps1 "$@"
