#!/usr/bin/env bash
# The run command (README "Run it"): builds the module and the console host, then runs
# examples/linux-bridge-lab.ps1 in xhostnet-shell against a throwaway network namespace.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "Run as root: the example creates a throwaway network namespace." >&2; exit 2; }
command -v ip >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq iproute2 >/dev/null; }
dotnet build src/XHostNet -c Release -nologo -v quiet >/dev/null
dotnet build src/XHostNet.Host -c Release -nologo -v quiet >/dev/null
exec src/XHostNet.Host/bin/Release/net10.0/xhostnet-shell -File examples/linux-bridge-lab.ps1 "$@"
