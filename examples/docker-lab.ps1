<#
.SYNOPSIS
    Shows XHostNet doing the shared-LAN recipe on a throwaway lab: br0 carries each host's NIC and LAN address,
    each host's dockerd is bound to br0 with a fixed-cidr slice of its own, and containers on the two hosts ping
    each other across the LAN.
.DESCRIPTION
    The lab (examples/run.sh docker makes it with tests/lab/docker-hosts.sh) is two network namespaces PREFIX-h1 and
    PREFIX-h2 joined by a LAN veth pair (PREFIXl1, PREFIXl2), each running its own dockerd (config LABDIR/hN/daemon.json,
    socket unix://LABDIR/hN/docker.sock, restarted with tests/lab/dockerd.sh). Takes down what it built at the end.
#>
param(
    [Parameter(Mandatory)] [string] $Prefix,
    [Parameter(Mandatory)] [string] $LabDir
)
$ErrorActionPreference = 'Stop'
$dockerd = "$PSScriptRoot/../tests/lab/dockerd.sh"
$hosts = 1, 2 | ForEach-Object {
    New-XHostSession -NetworkNamespace "$Prefix-h$_" -Name "host$_" -DockerHost "unix://$LabDir/h$_/docker.sock" `
        -DockerRestartCommand $dockerd, 'restart', "$Prefix-h$_", "$LabDir/h$_"
}
$recipe = @{
    Hosts = $hosts; HostAddress = '10.201.0.1/24', '10.201.0.2/24'; Nic = "${Prefix}l1", "${Prefix}l2"
    ConfigPath = "$LabDir/h1/daemon.json", "$LabDir/h2/daemon.json"
}
try {
    '--- How the LAN 10.201.0.0/24 is divided (the hosts'' own addresses skipped):'
    New-ContainerSubnetPlan 10.201.0.0/24 26 -Session $hosts -Exclude 10.201.0.1, 10.201.0.2 | Out-Default

    '--- What Set-DockerBridge would do on host 1 once br0 exists (-WhatIf):'
    New-LinuxBridge br0 -Address 10.201.0.1/24 -Session $hosts[0] | Add-LinuxBridgePort -Interface "${Prefix}l1" | Out-Null
    Set-DockerBridge -Bridge br0 -FixedCidr 10.201.0.64/26 -Restart -ConfigPath $recipe.ConfigPath[0] -Session $hosts[0] -WhatIf

    '--- The recipe on both hosts (tests/scenarios/docker-shared-lan.ps1): br0, dockerd -b=br0 --fixed-cidr, one container each, pings:'
    & "$PSScriptRoot/../tests/scenarios/docker-shared-lan.ps1" @recipe | Out-Null
    Get-DockerBridge -ConfigPath $recipe.ConfigPath[0] -Session $hosts[0] | Out-Default
    Get-DockerBridge -ConfigPath $recipe.ConfigPath[1] -Session $hosts[1] | Out-Default
    Get-ContainerNetwork lan-c0 -Session $hosts[0] | Out-Default
    Get-ContainerNetwork lan-c1 -Session $hosts[1] | Out-Default
    '--- The containers on the two hosts reach each other (docker exec ping in each):'
    Test-ContainerReachability -Container lan-c0 -Session $hosts[0] -TargetContainer lan-c1 -TargetSession $hosts | Out-Default
    Test-ContainerReachability -Container lan-c1 -Session $hosts[1] -TargetContainer lan-c0 -TargetSession $hosts | Out-Default
}
finally {
    & "$PSScriptRoot/../tests/scenarios/docker-shared-lan.ps1" @recipe -Remove
    Get-XHostSession | Remove-XHostSession
}
