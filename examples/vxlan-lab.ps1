<#
.SYNOPSIS
    Shows XHostNet building a VXLAN overlay between two hosts on a throwaway lab: a kernel VXLAN device vx0 in
    each host's br0 (VNI 42, UDP 4789, MTU set from the underlay), routes to the peer's container subnet through
    it, and the reachability matrix that proves it.
.DESCRIPTION
    Makes its own lab with New-XHostLab: two simulated hosts LAB-h1 and LAB-h2 with underlay 10.201.0.N on eth1,
    and a stand-in container each (namespace LAB-cN, 10.201.N.2, the host's end ctr0) with MTU 1450, the most VXLAN
    over a 1500-byte underlay carries. Removes the lab at the end, also when a step fails.
#>
param(
    [ValidatePattern('^[a-z][a-z0-9]{0,7}$')] [string] $Lab = 'xv' + [guid]::NewGuid().ToString('N').Substring(0, 6),
    [int] $Mtu = 1450
)
$ErrorActionPreference = 'Stop'
"--- A lab of two hosts: New-XHostLab 2 -Name $Lab -ContainerSubnet 10.201.1.0/24, 10.201.2.0/24 -ContainerMtu $Mtu"
$hosts = New-XHostLab 2 -Name $Lab -ContainerSubnet 10.201.1.0/24, 10.201.2.0/24 -ContainerMtu $Mtu
try {
    $hosts[0].SessionName = 'host1'; $hosts[1].SessionName = 'host2'
    $containers = 1, 2 | ForEach-Object { New-XHostSession -NetworkNamespace "$Lab-c$_" -Name "container$_" }
    foreach ($i in 0, 1) {
        $n = $i + 1; $peer = 2 - $i
        # ip link add br0 type bridge; ip link add vx0 type vxlan id 42 remote PEER dstport 4789; ip link set vx0 master br0
        New-LinuxBridge br0 -Address "10.201.$n.1/24" -Mtu $Mtu -Session $hosts[$i] | Add-LinuxBridgePort -Interface 'ctr0'
        Get-LinuxBridge br0 -Session $hosts[$i] | Add-VxlanTunnel vx0 -RemoteAddress "10.201.0.$peer" -Vni 42
        Add-ContainerRoute "10.201.$peer.0/24" -Gateway "10.201.$peer.1" -Interface br0 -OnLink -Session $hosts[$i]
    }
    '--- The VXLAN tunnels (a kernel device on br0; the overlay MTU is the underlay''s less 50 bytes):'
    Get-VxlanTunnel -Session $hosts | Out-Default
    "--- Every container reaches every container, with full-size ($Mtu-byte) don't-fragment packets:"
    Test-ContainerReachability 10.201.1.2, 10.201.2.2 -Session $containers -Size ($Mtu - 28) -DontFragment | Out-Default
    '--- From the hosts, the path each packet takes:'
    Test-ContainerReachability 10.201.1.2, 10.201.2.2 -Session $hosts -Size ($Mtu - 28) -DontFragment | Out-Default
}
finally {
    foreach ($i in 0..($hosts.Count - 1)) {
        Remove-ContainerRoute "10.201.$(2 - $i).0/24" -Session $hosts[$i] -Confirm:$false -ErrorAction Continue
        Remove-VxlanTunnel vx0 -Session $hosts[$i] -Confirm:$false -ErrorAction Continue
        Remove-LinuxBridge br0 -Session $hosts[$i] -Confirm:$false -ErrorAction Continue
    }
    Get-XHostSession | Remove-XHostSession
    Remove-XHostLab $Lab -Confirm:$false
}
