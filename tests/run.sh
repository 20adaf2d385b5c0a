#!/usr/bin/env bash
# The test command (README "Test it"): installs what the tests need from Debian's packages (idempotently), fetches
# pwsh 7.6.9 and Pester 6.2.0 at pinned versions into a cache outside the work tree (only when missing), builds
# and packages the module with `pwsh build.ps1 -Task Build, Package`, runs the xunit suite (unit, cmdlet tests in
# the hosted PowerShell engine, runbooks, integration tests against the real kernel, Open vSwitch, dockerd and
# OpenSSH), then the Pester suite in real pwsh. One closing line counts both. As root nothing may skip.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(iproute2 iputils-ping iptables openssh-server openssh-client sudo openssl procps coreutils util-linux mount openvswitch-switch docker.io busybox-static netcat-openbsd tmux locales libc-l10n strace etcd-server etcd-client curl)
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

# pwsh and Pester, pinned; fetched once into the cache (pwsh as the PowerShell .NET tool, Pester from its NuGet
# package, which holds the module under tools/).
pwsh_version=7.6.9 pester_version=6.2.0
tools="${XDG_CACHE_HOME:-$HOME/.cache}/xhostnet-tools"
pwsh="$tools/pwsh-$pwsh_version/pwsh"
if [ ! -x "$pwsh" ]; then
    echo "Installing pwsh $pwsh_version into $tools (once)"
    dotnet tool install --tool-path "$tools/pwsh-$pwsh_version" PowerShell --version "$pwsh_version" >/dev/null
fi
pester="${NUGET_PACKAGES:-$HOME/.nuget/packages}/pester/$pester_version/tools/Pester.psd1"
if [ ! -f "$pester" ]; then
    echo "Getting Pester $pester_version from NuGet (once)"
    mkdir -p "$tools/pester-restore"
    cat >"$tools/pester-restore/pester-restore.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageDownload Include="Pester" Version="[$pester_version]" /></ItemGroup>
</Project>
XML
    dotnet restore "$tools/pester-restore/pester-restore.csproj" >/dev/null
fi

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
status=0
# build.ps1 as its users run it; it lays out out/XHostNet and makes out/packages/XHostNet.<version>.nupkg.
"$pwsh" -NoProfile -NonInteractive -Command './build.ps1 -Task Build, Package' </dev/null || { echo "build.ps1 -Task Build, Package failed" >&2; exit 1; }

dotnet test tests/XHostNet.Tests -c Release --logger "trx;LogFileName=results.trx" --results-directory "$results" || status=$?

"$pwsh" -NoProfile -NonInteractive -File tests/Pester/run.ps1 -PesterManifest "$pester" -ResultDirectory "$results" -CountFile "$results/pester.counts" </dev/null || status=1

# One plain closing line with the counts of both suites, read from their own reports.
passed=0 failed=0 skipped=0
trx="$results/results.trx"
if [ -f "$trx" ]; then
    counters=$(grep -o '<Counters [^>]*>' "$trx")
    count() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
    passed=$(count passed); failed=$(count failed)
    skipped=$(( $(count total) - $(count executed) ))
else
    echo "The xunit suite wrote no report." >&2; status=1
fi
if [ -f "$results/pester.counts" ]; then
    read -r p f s <"$results/pester.counts"
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
else
    echo "The Pester suite wrote no counts." >&2; status=1
fi
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$(id -u)" = 0 ] && [ "$skipped" -gt 0 ]; then
    echo "As root nothing may skip, but $skipped tests did." >&2
    status=1
fi
exit $status
