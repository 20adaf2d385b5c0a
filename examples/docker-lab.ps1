<#
.SYNOPSIS
    Shows XHostNet doing the shared-LAN recipe on a throwaway lab: br0 carries each host's NIC and LAN address,
    each host's dockerd is bound to br0 with a fixed-cidr slice of its own, and containers on the two hosts ping
    each other across the LAN.
.DESCRIPTION
    Makes its own lab with New-XHostLab -Docker: two simulated hosts LAB-h1 and LAB-h2 whose eth1 (10.201.0.N/24)
    share a LAN, each running its own dockerd (config /run/xhostnet/labs/LAB/hN/docker/daemon.json). Removes the lab
    at the end, also when a step fails.
#>
param(
    [ValidatePattern('^[a-z][a-z0-9]{0,7}$')] [string] $Lab = 'xe' + [guid]::NewGuid().ToString('N').Substring(0, 6)
)
$ErrorActionPreference = 'Stop'
"--- A lab of two Docker hosts on one LAN: New-XHostLab 2 -Name $Lab -Docker"
$hosts = New-XHostLab 2 -Name $Lab -Docker
try {
    $hosts[0].SessionName = 'host1'; $hosts[1].SessionName = 'host2'
    $recipe = @{
        Hosts = $hosts; HostAddress = '10.201.0.1/24', '10.201.0.2/24'; Nic = 'eth1', 'eth1'
        ConfigPath = "/run/xhostnet/labs/$Lab/h1/docker/daemon.json", "/run/xhostnet/labs/$Lab/h2/docker/daemon.json"
    }
    '--- How the LAN 10.201.0.0/24 is divided (the hosts'' own addresses skipped):'
    New-ContainerSubnetPlan 10.201.0.0/24 26 -Session $hosts -Exclude 10.201.0.1, 10.201.0.2 | Out-Default

    '--- What Set-DockerBridge would do on host 1 once br0 exists (-WhatIf):'
    New-LinuxBridge br0 -Address 10.201.0.1/24 -Session $hosts[0] | Out-Null
    Set-DockerBridge -Bridge br0 -FixedCidr 10.201.0.64/26 -Restart -ConfigPath $recipe.ConfigPath[0] -Session $hosts[0] -WhatIf

    '--- The recipe on both hosts (tests/scenarios/docker-shared-lan.ps1): br0, dockerd -b=br0 --fixed-cidr, one container each, pings:'
    & "$PSScriptRoot/../tests/scenarios/docker-shared-lan.ps1" @recipe | Out-Null
    Get-DockerBridge -ConfigPath $recipe.ConfigPath[0] -Session $hosts[0] | Out-Default
    Get-DockerBridge -ConfigPath $recipe.ConfigPath[1] -Session $hosts[1] | Out-Default
    Get-ContainerNetwork lan-c0 -Session $hosts[0] | Out-Default
    Get-ContainerNetwork lan-c1 -Session $hosts[1] | Out-Default
    '--- The containers on the two hosts reach each other (each container runs its own ping):'
    Test-ContainerReachability -Container lan-c0 -Session $hosts[0] -TargetContainer lan-c1 -TargetSession $hosts | Out-Default
    Test-ContainerReachability -Container lan-c1 -Session $hosts[1] -TargetContainer lan-c0 -TargetSession $hosts | Out-Default
}
finally {
    if ($recipe) { & "$PSScriptRoot/../tests/scenarios/docker-shared-lan.ps1" @recipe -Remove -ErrorAction Continue }
    Get-XHostSession | Remove-XHostSession
    Remove-XHostLab $Lab -Confirm:$false
}
