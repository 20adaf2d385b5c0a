<#
.SYNOPSIS
    Converges SSH labs of 1, 4, 8 and 16 hosts to a HostRoutes container network two ways and prints, per lab size and
    way, the wall time, the round trips per host (XHostSession.RoundTrips) and this client's own CPU time:
    (a) the hand recipe, one Invoke-XHostCommand at a time, host after host: ip link add br0 type bridge,
        ip addr add SUBNET.1/24 dev br0, ip link set br0 up, ip route add PEER_SUBNET via PEER_UNDERLAY for every peer,
        sysctl ip_forward;
    (b) Connect-XHostNetwork -Mode HostRoutes, then its re-run that must change nothing.
    All lab hosts share this machine's cores, so the far side is CPU-bound too; the round trips and the client's CPU say
    what a real fleet would see. -DelayMs puts a userspace relay (bench/relay.py) that delays each direction by that
    many milliseconds between the client and every host's sshd, to model a network's round-trip time (LAB.md: no netem
    here). Takes minutes: bench/run.sh --fleet runs it.
#>
param(
    # Lab sizes; "1,4" also works from bench/run.sh, where an argument arrives as one string.
    [string[]] $HostCounts = @('1', '4', '8', '16'),
    [int] $DelayMs = 0,
    # The container network; host n gets its n-th /24.
    [string] $ContainerNetwork = '10.202.0.0/16'
)
$ErrorActionPreference = 'Stop'

$prefix = ($ContainerNetwork -split '/')[0] -replace '\.0\.0$', ''
$cpu = { [System.Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime.TotalSeconds }

# Runs $Block against $Sessions and returns wall time, round trips per host (the most any host took) and client CPU.
function Measure-Way([string] $Way, [object[]] $Sessions, [scriptblock] $Block) {
    $trips = @($Sessions | ForEach-Object { $_.RoundTrips })
    $cpu0 = & $cpu
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    $failed = $null
    try { & $Block | Out-Null } catch { $failed = $_.Exception.Message }
    $wall = $sw.Elapsed.TotalSeconds
    $cpuUsed = (& $cpu) - $cpu0
    $perHost = for ($i = 0; $i -lt $Sessions.Count; $i++) { $Sessions[$i].RoundTrips - $trips[$i] }
    [pscustomobject]@{
        Hosts = $Sessions.Count; Way = $Way; WallS = [math]::Round($wall, 2)
        RoundTripsPerHost = ($perHost | Measure-Object -Maximum).Maximum; ClientCpuS = [math]::Round($cpuUsed, 2)
        Error = $failed
    }
}

# Host i (from 0) gets the container network's i-th /24, as Connect-XHostNetwork plans it; its underlay address is
# the lab's 10.201.0.(i+1).
function Invoke-HandRecipe([object[]] $Sessions) {
    for ($i = 0; $i -lt $Sessions.Count; $i++) {
        $s = $Sessions[$i]
        Invoke-XHostCommand -Session $s -- ip link add br0 type bridge
        Invoke-XHostCommand -Session $s -- ip addr add "$prefix.$i.1/24" dev br0
        Invoke-XHostCommand -Session $s -- ip link set br0 up
        for ($p = 0; $p -lt $Sessions.Count; $p++) {
            if ($p -ne $i) { Invoke-XHostCommand -Session $s -- ip route add "$prefix.$p.0/24" via "10.201.0.$($p + 1)" }
        }
        Invoke-XHostCommand -Session $s -- sysctl -w net.ipv4.ip_forward=1
    }
}

# Not measured: takes the hand recipe's work away again so that (b) starts from the same hosts.
function Undo-HandRecipe([object[]] $Sessions) {
    for ($i = 0; $i -lt $Sessions.Count; $i++) {
        for ($p = 0; $p -lt $Sessions.Count; $p++) {
            if ($p -ne $i) { Invoke-XHostCommand -Session $Sessions[$i] -IgnoreExitCode -- ip route del "$prefix.$p.0/24" | Out-Null }
        }
        Invoke-XHostCommand -Session $Sessions[$i] -IgnoreExitCode -- ip link del br0 | Out-Null
    }
}

# Sessions to the lab's hosts through a relay each (bench/relay.py) that delays every byte by $DelayMs each way.
function Connect-ThroughRelay([object[]] $Sessions, [string] $Lab) {
    foreach ($s in $Sessions) {
        $portFile = Join-Path ([System.IO.Path]::GetTempPath()) "xhn-relay-$([guid]::NewGuid().ToString('N')).port"
        $info = [System.Diagnostics.ProcessStartInfo]::new('python3')
        foreach ($a in (Join-Path $PSScriptRoot 'relay.py'), '127.0.0.1', $portFile, $s.HostName, '22', "$DelayMs") { $info.ArgumentList.Add($a) }
        $script:relays.Add([System.Diagnostics.Process]::Start($info))
        $deadline = [datetime]::UtcNow.AddSeconds(20)
        while (-not (Test-Path $portFile)) {
            if ([datetime]::UtcNow -gt $deadline) { throw "The relay to $($s.HostName) did not start." }
            Start-Sleep -Milliseconds 50
        }
        $port = [int](Get-Content $portFile); Remove-Item $portFile
        $r = New-XHostSession -HostName 127.0.0.1 -Port $port -UserName root -KeyFile "/run/xhostnet/labs/$Lab/ssh/id_ed25519" -HostKeyFingerprint $s.HostKeyFingerprint
        $r.OvsDatabase = $s.OvsDatabase; $r.DockerHost = $s.DockerHost
        $r
    }
}

$rows = [System.Collections.Generic.List[object]]::new()
$notes = [System.Collections.Generic.List[string]]::new()
$script:relays = [System.Collections.Generic.List[System.Diagnostics.Process]]::new()
$counts = @($HostCounts -split ',' | ForEach-Object { [int]$_ })
$first = $counts[0]
foreach ($count in $counts) {
    $lab = 'xf' + [guid]::NewGuid().ToString('N').Substring(0, 6)
    # A /24 of the management range per lab, picked at random so that runs side by side rarely meet (the lab skips
    # /30s this machine already uses anyway).
    $management = "10.206.$(Get-Random -Minimum 128 -Maximum 256).0/24"
    $made = [System.Diagnostics.Stopwatch]::StartNew()
    try {
        $labHosts = New-XHostLab $count -Name $lab -Ssh -ManagementNetwork $management
        $made.Stop()
        $notes.Add("lab of $count made in $([math]::Round($made.Elapsed.TotalSeconds, 1)) s (not counted)")
        $hosts = if ($DelayMs -gt 0) { @(Connect-ThroughRelay $labHosts $lab) } else { @($labHosts) }
        # One command on every session first, so the SSH connections are made before any clock starts.
        $hosts | ForEach-Object { Invoke-XHostCommand -Session $_ true | Out-Null }

        # Lab hosts share this machine's file system: each keeps its record in a directory of its own ({host}).
        $record = "/run/xhostnet/labs/$lab/net/{host}"
        $connect = { Connect-XHostNetwork -Session $hosts -Mode HostRoutes -ContainerNetwork $ContainerNetwork -SkipReachabilityTest -Confirm:$false -RecordDirectory $record }
        $disconnect = { Disconnect-XHostNetwork -Session $hosts -Confirm:$false -ErrorAction Continue -RecordDirectory $record | Out-Null }
        if ($count -eq $first) {
            # Once per process, unmeasured: the first call of a cmdlet pays for compiling its code, which a fleet's
            # figures should not carry (the hand recipe's Invoke-XHostCommand was warmed up above).
            & $connect | Out-Null; & $disconnect
            $notes.Add('Connect-XHostNetwork warmed up once (connect and disconnect, unmeasured) on the first lab')
        }
        $rows.Add((Measure-Way 'hand recipe' $hosts { Invoke-HandRecipe $hosts }))
        Undo-HandRecipe $hosts
        $rows.Add((Measure-Way 'Connect-XHostNetwork' $hosts $connect))
        $rows.Add((Measure-Way 'Connect-XHostNetwork re-run' $hosts $connect))
        & $disconnect
    }
    finally {
        foreach ($p in $script:relays) { if (-not $p.HasExited) { $p.Kill() } }
        $script:relays.Clear()
        Get-XHostSession | Where-Object { $_.SessionName -like "$lab-*" -or $_.Host -like 'ssh:root@127.0.0.1:*' } | Remove-XHostSession
        Remove-XHostLab $lab -ErrorAction Continue
    }
}

"XHostNet fleet benchmark: HostRoutes on SSH labs, $ContainerNetwork, $(if ($DelayMs) { "relay delay $DelayMs ms each way" } else { 'no added delay' }), $([datetime]::UtcNow.ToString('s'))Z"
$notes | ForEach-Object { "  $_" }
'{0,5}  {1,-28} {2,8} {3,16} {4,13}  {5}' -f 'hosts', 'way', 'wall s', 'round trips/host', 'client CPU s', ''
foreach ($r in $rows) {
    '{0,5}  {1,-28} {2,8} {3,16} {4,13}  {5}' -f $r.Hosts, $r.Way, $r.WallS, $r.RoundTripsPerHost, $r.ClientCpuS, $(if ($r.Error) { "FAILED: $($r.Error)" } else { '' })
}
