<#
.SYNOPSIS
    Prints what host round trips cost: one command, a read, a change plan applied, and the idempotent no-op,
    on the local machine and in a network namespace (root). Run: bench/run.sh
#>
param([int] $Iterations = 20)
$ErrorActionPreference = 'Stop'

. "$PSScriptRoot/measure.ps1"

$ns = 'xhn-bench-' + [guid]::NewGuid().ToString('N').Substring(0, 6)
Invoke-XHostCommand ip netns add $ns | Out-Null
try {
    $local = New-XHostSession
    $netns = New-XHostSession -NetworkNamespace $ns
    $rows = foreach ($s in $local, $netns) {
        $one = Measure-Ms { Invoke-XHostCommand -Session $s true } $Iterations
        $read = Measure-Ms { Get-LinuxBridge -Session $s } $Iterations
        $rows2 = if ($s -eq $netns) {
            $create = Measure-Ms { New-LinuxBridge xbench0 -Address 10.200.99.1/24 -Session $s; Remove-LinuxBridge xbench0 -Session $s -Confirm:$false } $Iterations
            New-LinuxBridge xbench0 -Address 10.200.99.1/24 -Session $s | Out-Null
            $noop = Measure-Ms { New-LinuxBridge xbench0 -Address 10.200.99.1/24 -Session $s } $Iterations
            $create, $noop
        }
        "{0,-22} one command  median {1,7} ms  p90 {2,7} ms" -f $s.Host, $one.Median, $one.P90
        "{0,-22} read bridges median {1,7} ms  p90 {2,7} ms" -f $s.Host, $read.Median, $read.P90
        if ($rows2) {
            "{0,-22} create+remove median {1,6} ms  p90 {2,7} ms  (4 round trips)" -f $s.Host, $rows2[0].Median, $rows2[0].P90
            "{0,-22} no-op re-run median {1,7} ms  p90 {2,7} ms  (1 round trip)" -f $s.Host, $rows2[1].Median, $rows2[1].P90
        }
    }
    "XHostNet round trips, $Iterations iterations each, $([datetime]::UtcNow.ToString("s"))Z"
    $rows

    # Side by side in one run, taking turns: the cmdlets against what a person types for the same work in the same
    # namespace (the issue's targets: a change at most 1.5x the hand-typed commands, a read at most 1.2x the raw read,
    # a no-change re-run at most one raw read).
    Remove-LinuxBridge xbench0 -Session $netns -Confirm:$false | Out-Null
    $side = Measure-Side ([ordered]@{
        'ip: 4 commands' = {
            ip netns exec $ns ip link add xbench1 type bridge
            ip netns exec $ns ip address add 10.200.98.1/24 dev xbench1
            ip netns exec $ns ip link set xbench1 up
            ip netns exec $ns ip link delete xbench1
        }
        'New+Remove-LinuxBridge' = {
            New-LinuxBridge xbench0 -Address 10.200.99.1/24 -Session $netns
            Remove-LinuxBridge xbench0 -Session $netns -Confirm:$false
        }
        'ip -j -d link show' = { ip netns exec $ns ip -j -d link show }
        'Get-LinuxBridge' = { Get-LinuxBridge -Session $netns }
        'New-LinuxBridge no-op' = {
            # The bridge made for this run is kept between its turns; the first turn makes it.
            New-LinuxBridge xbench2 -Address 10.200.97.1/24 -Session $netns
        }
    }) $Iterations
    $m = @{}; foreach ($r in $side) { $m[$r.Name] = $r.Median }
    ''
    "Side by side in $ns, taking turns, $Iterations iterations (median / p90 ms)"
    foreach ($r in $side) { "{0,-26} median {1,7} ms  p90 {2,7} ms" -f $r.Name, $r.Median, $r.P90 }
    "{0,-40} x{1:0.00}  (target <= 1.5)" -f 'change: New+Remove / 4 ip commands', ($m['New+Remove-LinuxBridge'] / $m['ip: 4 commands'])
    "{0,-40} x{1:0.00}  (target <= 1.2)" -f 'read: Get-LinuxBridge / raw read', ($m['Get-LinuxBridge'] / $m['ip -j -d link show'])
    "{0,-40} x{1:0.00}  (target <= 1.0)" -f 'no-change re-run / raw read', ($m['New-LinuxBridge no-op'] / $m['ip -j -d link show'])
}
finally {
    Invoke-XHostCommand ip netns delete $ns | Out-Null
    Get-XHostSession | Remove-XHostSession
}
