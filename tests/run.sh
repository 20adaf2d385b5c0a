#!/usr/bin/env bash
# The test command (README "Test it"): installs what the tests need from Debian's packages (idempotently),
# builds the module and runs every test — unit, cmdlet tests in the hosted PowerShell engine, runbooks, and
# integration tests against the real kernel and a real OpenSSH server. As root nothing may skip.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(iproute2 iputils-ping openssh-server openssh-client sudo openssl procps coreutils util-linux mount openvswitch-switch docker.io busybox-static netcat-openbsd)
if [ "$(id -u)" = 0 ]; then
    missing=()
    for p in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        echo "Installing: ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
else
    echo "Not root: packages are not installed and root-only tests skip (they create namespaces, links and daemons)." >&2
fi
command -v dotnet >/dev/null || { echo "The .NET SDK (dotnet) is needed: see README, Build." >&2; exit 2; }

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
status=0
dotnet test tests/XHostNet.Tests -c Release --logger "trx;LogFileName=results.trx" --results-directory "$results" || status=$?

# One plain closing line with the counts, read from the run's own report.
trx="$results/results.trx"
if [ -f "$trx" ]; then
    counters=$(grep -o '<Counters [^>]*>' "$trx")
    count() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
    passed=$(count passed); failed=$(count failed); total=$(count total); executed=$(count executed)
    skipped=$((total - executed))
    echo "tests: $passed passed, $failed failed, $skipped skipped"
    if [ "$(id -u)" = 0 ] && [ "$skipped" -gt 0 ]; then
        echo "As root nothing may skip, but $skipped tests did." >&2
        status=1
    fi
fi
exit $status
