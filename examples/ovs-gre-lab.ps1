<#
.SYNOPSIS
    Shows XHostNet building the classic two-host overlay on a throwaway lab: Open vSwitch bridge obr0 with a
    GRE tunnel to the peer, obr0 inside the Linux bridge br0 that the containers use, and routes to the peer's
    container subnet that go through the tunnel — then proves it with a full-size ping between containers.
.DESCRIPTION
    Makes its own lab with New-XHostLab: two simulated hosts LAB-h1 and LAB-h2, each with its own Open vSwitch and
    underlay address 10.201.0.N, and a stand-in container (namespace LAB-cN, 10.201.N.2, the host's end ctr0).
    Runs in pwsh or in xhostnet-shell (examples/run.sh). Removes the lab at the end, also when a step fails.
#>
param(
    [ValidatePattern('^[a-z][a-z0-9]{0,7}$')] [string] $Lab = 'xd' + [guid]::NewGuid().ToString('N').Substring(0, 6),
    [int] $Mtu = 1462
)
$ErrorActionPreference = 'Stop'

"--- A lab of two hosts with Open vSwitch each: New-XHostLab 2 -Name $Lab -Ovs -ContainerSubnet 10.201.1.0/24, 10.201.2.0/24"
$hosts = New-XHostLab 2 -Name $Lab -Ovs -ContainerSubnet 10.201.1.0/24, 10.201.2.0/24 -ContainerMtu $Mtu
try {
$hosts[0].SessionName = 'host1'; $hosts[1].SessionName = 'host2'
$containers = 1, 2 | ForEach-Object { New-XHostSession -NetworkNamespace "$Lab-c$_" -Name "container$_" }

function Build-Overlay([switch] $Verbose) {
    foreach ($i in 0, 1) {
        $n = $i + 1; $peer = 2 - $i
        # ovs-vsctl add-br obr0; ovs-vsctl add-port obr0 gre0 -- set interface gre0 type=gre options:remote_ip=PEER
        New-OvsBridge obr0 -Mtu $Mtu -Session $hosts[$i] -WarningAction SilentlyContinue -Verbose:$Verbose |
            Add-GreTunnel -Name gre0 -RemoteAddress "10.201.0.$peer" -Verbose:$Verbose
        # brctl addbr br0; brctl addif br0 obr0; ip addr add 10.201.N.1/24 dev br0
        New-LinuxBridge br0 -Address "10.201.$n.1/24" -Mtu $Mtu -Session $hosts[$i] -Verbose:$Verbose |
            Add-LinuxBridgePort -Interface obr0, 'ctr0' -Verbose:$Verbose
        # ip route add 10.201.PEER.0/24 via 10.201.PEER.1 dev br0 onlink  (through the tunnel, not the underlay)
        Add-ContainerRoute "10.201.$peer.0/24" -Gateway "10.201.$peer.1" -Interface br0 -OnLink -Session $hosts[$i] -Verbose:$Verbose
    }
}

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
    # What it built comes down first (as on real hosts), then the lab; neither stops the other.
    '--- Take it down again, and remove the lab:'
    foreach ($i in 0..($hosts.Count - 1)) {
        Remove-ContainerRoute "10.201.$(2 - $i).0/24" -Session $hosts[$i] -Confirm:$false -ErrorAction Continue
        Remove-LinuxBridge br0 -Session $hosts[$i] -Confirm:$false -ErrorAction Continue
        Remove-OvsBridge obr0 -Session $hosts[$i] -Confirm:$false -ErrorAction Continue
    }
    Get-XHostSession | Remove-XHostSession
    Remove-XHostLab $Lab -Confirm:$false
}
