<#
.SYNOPSIS
    Prints what the overlay cmdlets cost on a two-host lab it makes with New-XHostLab (and what making and removing
    that lab costs): building the GRE recipe on one host and taking it down, the idempotent re-run, the snapshot read behind
    Get-GreTunnel, Find-ContainerRoute, and the container-to-container RTT through the tunnel.
#>
param([int] $Iterations = 10)
$ErrorActionPreference = 'Stop'

. "$PSScriptRoot/measure.ps1"

$lab = 'xb' + [guid]::NewGuid().ToString('N').Substring(0, 6)
$made = [System.Diagnostics.Stopwatch]::StartNew()
$h = New-XHostLab 2 -Name $lab -Ovs -ContainerSubnet 10.201.1.0/24, 10.201.2.0/24 -ContainerMtu 1462
$made.Stop()
$c1 = New-XHostSession -NetworkNamespace "$lab-c1"
function Build([int] $i) {
    $n = $i + 1; $peer = 2 - $i
    New-OvsBridge obr0 -Mtu 1462 -Session $h[$i] -WarningAction SilentlyContinue | Add-GreTunnel -Name gre0 -RemoteAddress "10.201.0.$peer"
    New-LinuxBridge br0 -Address "10.201.$n.1/24" -Mtu 1462 -Session $h[$i] | Add-LinuxBridgePort -Interface obr0, 'ctr0'
    Add-ContainerRoute "10.201.$peer.0/24" -Gateway "10.201.$peer.1" -Interface br0 -OnLink -Session $h[$i]
}
function TearDown([int] $i) {
    Remove-ContainerRoute "10.201.$(2 - $i).0/24" -Session $h[$i] -Confirm:$false
    Remove-LinuxBridge br0 -Session $h[$i] -Confirm:$false
    Remove-OvsBridge obr0 -Session $h[$i] -Confirm:$false
}
try {
    $cycle = Measure-Ms { Build 0; TearDown 0 } $Iterations
    Build 0 | Out-Null; Build 1 | Out-Null
    $noop = Measure-Ms { Build 0 } $Iterations
    $read = Measure-Ms { Get-GreTunnel -Session $h[0] } $Iterations
    $find = Measure-Ms { Find-ContainerRoute 10.201.2.2 -Session $h[0] } $Iterations
    $ping = Invoke-XHostCommand -Session $c1 -- ping -q -c 50 -i 0.01 -W 2 -M do -s 1434 10.201.2.2
    $rtt = ($ping.StandardOutput -split "`n") -match '^rtt'

    "XHostNet overlay on a two-host lab (userspace Open vSwitch), $Iterations iterations each, $([datetime]::UtcNow.ToString("s"))Z"
    "GRE recipe on one host, build + take down   median {0,7} ms  p90 {1,7} ms  (6 cmdlets, 12 round trips)" -f $cycle.Median, $cycle.P90
    "GRE recipe re-run, nothing to change        median {0,7} ms  p90 {1,7} ms  (5 cmdlets, 5 round trips)" -f $noop.Median, $noop.P90
    "Get-GreTunnel (one snapshot read)           median {0,7} ms  p90 {1,7} ms" -f $read.Median, $read.P90
    "Find-ContainerRoute (snapshot + route get)  median {0,7} ms  p90 {1,7} ms" -f $find.Median, $find.P90
    "Container to container through gre0, 50 × 1462-byte DF pings: $rtt"
}
finally {
    TearDown 0; TearDown 1
    Get-XHostSession | Remove-XHostSession
    $removed = [System.Diagnostics.Stopwatch]::StartNew()
    Remove-XHostLab $lab -Confirm:$false
    $removed.Stop()
}
"New-XHostLab 2 -Ovs -ContainerSubnet (once)  {0,7} ms;  Remove-XHostLab (once) {1,7} ms" -f $made.ElapsedMilliseconds, $removed.ElapsedMilliseconds
