<#
.SYNOPSIS
    Shows the weave way on a throwaway lab: a bridge "weave" on each host joined by a VXLAN overlay, and running
    containers attached to it with addresses chosen by hand (Connect-ContainerNetwork, as `weave attach` did) —
    then the reachability matrix across the hosts.
.DESCRIPTION
    Makes its own lab with New-XHostLab -Docker: two simulated hosts LAB-h1 and LAB-h2 whose eth1 (10.201.0.N/24)
    share a LAN, each with its own dockerd (no default bridge). The containers start with no network but loopback;
    the overlay gives them their only address. Removes the lab at the end, also when a step fails.
#>
param(
    [ValidatePattern('^[a-z][a-z0-9]{0,7}$')] [string] $Lab = 'xa' + [guid]::NewGuid().ToString('N').Substring(0, 6)
)
$ErrorActionPreference = 'Stop'
"--- A lab of two Docker hosts on one LAN: New-XHostLab 2 -Name $Lab -Docker"
$hosts = New-XHostLab 2 -Name $Lab -Docker
$labDir = "/run/xhostnet/labs/$Lab"
function Docker([int] $i) { Invoke-XHostCommand -Session $hosts[$i] -ArgumentList (@('docker', '-H', $hosts[$i].DockerHost) + $args) }
try {
    $hosts[0].SessionName = 'host1'; $hosts[1].SessionName = 'host2'
    foreach ($i in 0, 1) {
        $n = $i + 1; $peer = 2 - $i
        # The overlay: a bridge per host, joined by a kernel VXLAN to the peer (weave's fast datapath did the same).
        New-LinuxBridge weave -Mtu 1450 -Session $hosts[$i] | Out-Null
        Get-LinuxBridge weave -Session $hosts[$i] | Add-VxlanTunnel wvx -RemoteAddress "10.201.0.$peer" -Vni 77
        Docker $i run -d --name "app$n" local/busybox:1 sleep 3600 | Out-Null
        # weave attach 10.201.50.N/24 appN
        Connect-ContainerNetwork "app$n" "10.201.50.$n/24" -Bridge weave -Session $hosts[$i]
    }
    '--- The containers, each with the interface attached to the overlay:'
    Get-ContainerNetwork app1 -Session $hosts[0] | Out-Default
    Get-ContainerNetwork app2 -Session $hosts[1] | Out-Default
    '--- The containers reach each other across the hosts, through the overlay:'
    Test-ContainerReachability -Container app1, app2 -Session $hosts -TargetContainer app1, app2 -TargetSession $hosts -DontFragment -Size 1422 | Out-Default
}
finally {
    foreach ($i in 0..($hosts.Count - 1)) {
        Invoke-XHostCommand -Session $hosts[$i] -IgnoreExitCode -ArgumentList docker, -H, $hosts[$i].DockerHost, rm, -f, "app$($i + 1)" | Out-Null
        Remove-VxlanTunnel wvx -Session $hosts[$i] -Confirm:$false -ErrorAction Continue
        Remove-LinuxBridge weave -Session $hosts[$i] -Confirm:$false -ErrorAction Continue
    }
    Get-XHostSession | Remove-XHostSession
    Remove-XHostLab $Lab -Confirm:$false
}
