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
}
finally {
    Invoke-XHostCommand ip netns delete $ns | Out-Null
    Get-XHostSession | Remove-XHostSession
}
