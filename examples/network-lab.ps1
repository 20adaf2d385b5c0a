<#
.SYNOPSIS
    Shows Connect-XHostNetwork taking three hosts to one container network in one command, on a throwaway lab over
    SSH: an Open vSwitch GRE mesh with split horizon, routes through the tunnels, a record on each host, a second
    run that changes nothing, the record read back, and Disconnect-XHostNetwork taking it all away again.
.DESCRIPTION
    Makes its own lab with New-XHostLab: three simulated hosts LAB-h1..h3 reached over SSH, each with Open vSwitch
    (underlay 10.201.0.N) and a stand-in container (namespace LAB-cN, 10.202.N-1.2, MTU 1462; its host end ctr0).
    Each host keeps its record in the lab's directory (hosts of one machine share its filesystem, hence {host}).
    Removes the lab at the end, also when a step fails.
#>
param(
    [ValidatePattern('^[a-z][a-z0-9]{0,7}$')] [string] $Lab = 'xn' + [guid]::NewGuid().ToString('N').Substring(0, 6),
    [ValidateSet('OvsGre', 'Vxlan', 'HostRoutes')] [string] $Mode = 'OvsGre'
)
$ErrorActionPreference = 'Stop'
$mtu = @{ OvsGre = 1462; Vxlan = 1450; HostRoutes = 1500 }[$Mode]
"--- A lab of three hosts over SSH: New-XHostLab 3 -Name $Lab -Ssh -Ovs"
$hosts = New-XHostLab 3 -Name $Lab -Ssh -Ovs -ContainerSubnet 10.202.0.0/24, 10.202.1.0/24, 10.202.2.0/24 -ContainerMtu $mtu
try {
    $network = @{ Session = $hosts; Mode = $Mode; ContainerNetwork = '10.202.0.0/16'; Name = 'demo'; RecordDirectory = "/run/xhostnet/labs/$Lab/net/{host}" }
    '--- The plan for the first host, with the exact commands and the record it writes (-WhatIf changes nothing):'
    Connect-XHostNetwork @network -Session $hosts[0] -SkipReachabilityTest -WhatIf
    "--- One command for the whole network: one read and one change round trip per host, all hosts at once,"
    '    then every host pings every other one''s bridge address, full size, don''t-fragment:'
    $results = Connect-XHostNetwork @network
    $results | Where-Object { $_ -is [XHostNet.Network.XHostNetworkResult] } | Out-Default
    $results | Where-Object { $_ -is [XHostNet.Reachability.ReachabilityResult] } | Out-Default
    '--- The stand-in containers join br0 on their hosts; every host reaches every container, through the mesh:'
    foreach ($h in $hosts) { Add-LinuxBridgePort -Bridge br0 -Interface ctr0 -Session $h }
    Test-ContainerReachability 10.202.0.2, 10.202.1.2, 10.202.2.2 -Session $hosts -Size ($mtu - 28) -DontFragment | Out-Default
    '--- Run again: nothing to change, one round trip per host:'
    Connect-XHostNetwork @network -SkipReachabilityTest | Format-Table Host, Changed, RoundTrips | Out-Default
    '--- What each host''s record says, and whether the host still matches it:'
    Get-XHostNetwork demo -Session $hosts -RecordDirectory $network.RecordDirectory | Out-Default
    '--- Disconnect: exactly what was made goes, on every host:'
    Disconnect-XHostNetwork demo -Session $hosts -RecordDirectory $network.RecordDirectory -Confirm:$false
    "Records left: $(@(Get-XHostNetwork -Session $hosts -RecordDirectory $network.RecordDirectory).Count)"
}
catch {
    "The walkthrough failed; it will remove the lab: $_"
    throw
}
finally {
    Get-XHostSession | Remove-XHostSession
    Remove-XHostLab $Lab -Confirm:$false
}
