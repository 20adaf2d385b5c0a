<#
.SYNOPSIS
    Shows XHostNet building the classic two-host overlay on a throwaway lab: Open vSwitch bridge obr0 with a
    GRE tunnel to the peer, obr0 inside the Linux bridge br0 that the containers use, and routes to the peer's
    container subnet that go through the tunnel — then proves it with a full-size ping between containers.
.DESCRIPTION
    The lab (examples/run.sh makes it with tests/lab/two-hosts.sh) is two network namespaces PREFIX-h1 and
    PREFIX-h2, each with its own Open vSwitch (database in LABDIR/hN/db.sock) and underlay address
    10.201.0.N, and one container namespace PREFIX-cN per host (10.201.N.2, host side PREFIXvN).
    Runs in pwsh or in xhostnet-shell. Takes down what it built at the end; the lab itself is removed by run.sh.
#>
param(
    [Parameter(Mandatory)] [string] $Prefix,
    [Parameter(Mandatory)] [string] $LabDir,
    [int] $Mtu = 1462
)
$ErrorActionPreference = 'Stop'

$hosts = 1, 2 | ForEach-Object { New-XHostSession -NetworkNamespace "$Prefix-h$_" -OvsDatabase "unix:$LabDir/h$_/db.sock" -Name "host$_" }
$containers = 1, 2 | ForEach-Object { New-XHostSession -NetworkNamespace "$Prefix-c$_" -Name "container$_" }

function Build-Overlay([switch] $Verbose) {
    foreach ($i in 0, 1) {
        $n = $i + 1; $peer = 2 - $i
        # ovs-vsctl add-br obr0; ovs-vsctl add-port obr0 gre0 -- set interface gre0 type=gre options:remote_ip=PEER
        New-OvsBridge obr0 -Mtu $Mtu -Session $hosts[$i] -WarningAction SilentlyContinue -Verbose:$Verbose |
            Add-GreTunnel -Name gre0 -RemoteAddress "10.201.0.$peer" -Verbose:$Verbose | Out-Null
        # brctl addbr br0; brctl addif br0 obr0; ip addr add 10.201.N.1/24 dev br0
        New-LinuxBridge br0 -Address "10.201.$n.1/24" -Mtu $Mtu -Session $hosts[$i] -Verbose:$Verbose |
            Add-LinuxBridgePort -Interface obr0, "${Prefix}v$n" -Verbose:$Verbose | Out-Null
        # ip route add 10.201.PEER.0/24 via 10.201.PEER.1 dev br0 onlink  (through the tunnel, not the underlay)
        Add-ContainerRoute "10.201.$peer.0/24" -Gateway "10.201.$peer.1" -Interface br0 -OnLink -Session $hosts[$i] -Verbose:$Verbose | Out-Null
    }
}

try {
    '--- What New-OvsBridge would run on host 1 (-WhatIf):'
    New-OvsBridge obr0 -Mtu $Mtu -Session $hosts[0] -WhatIf -WarningAction SilentlyContinue

    '--- Build obr0 + gre0, br0 and the routes on both hosts, then ask again (the second run changes nothing):'
    Build-Overlay
    Build-Overlay -Verbose

    '--- The tunnels, the routes, and the path a packet to the other host''s container takes:'
    Get-GreTunnel -Session $hosts | Out-Default
    Get-ContainerRoute -Session $hosts | Out-Default
    Find-ContainerRoute 10.201.2.2 -Session $hosts[0] | Out-Default
    Find-ContainerRoute 10.201.1.2 -Session $hosts[1] | Out-Default

    "--- Every container reaches every container, with full-size ($Mtu-byte) don't-fragment packets:"
    Test-ContainerReachability 10.201.1.2, 10.201.2.2 -Session $containers -Size ($Mtu - 28) -DontFragment | Out-Default
    "--- And from the hosts, the path each packet takes:"
    Test-ContainerReachability 10.201.1.2, 10.201.2.2 -Session $hosts -Size ($Mtu - 28) -DontFragment | Out-Default
}
finally {
    foreach ($i in 0, 1) {
        $peer = 2 - $i
        Remove-ContainerRoute "10.201.$peer.0/24" -Session $hosts[$i] -Confirm:$false
        Remove-LinuxBridge br0 -Session $hosts[$i] -Confirm:$false
        Remove-OvsBridge obr0 -Session $hosts[$i] -Confirm:$false
    }
    Get-XHostSession | Remove-XHostSession
}
