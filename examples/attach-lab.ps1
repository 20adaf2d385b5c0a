<#
.SYNOPSIS
    Shows the weave way on a throwaway lab: a bridge "weave" on each host joined by a VXLAN overlay, and running
    containers attached to it with addresses chosen by hand (Connect-ContainerNetwork, as `weave attach` did) —
    then the reachability matrix across the hosts.
.DESCRIPTION
    The lab is the one examples/run.sh attach makes with tests/lab/docker-hosts.sh: hosts PREFIX-h1/h2 with a
    dockerd each (LABDIR/hN, no default bridge) and a LAN veth PREFIXlN between them. The containers start with no
    network but loopback; the overlay gives them their only address. Takes down what it built at the end.
#>
param(
    [Parameter(Mandatory)] [string] $Prefix,
    [Parameter(Mandatory)] [string] $LabDir
)
$ErrorActionPreference = 'Stop'
$hosts = 1, 2 | ForEach-Object { New-XHostSession -NetworkNamespace "$Prefix-h$_" -Name "host$_" -DockerHost "unix://$LabDir/h$_/docker.sock" }
function Docker([int] $i) { Invoke-XHostCommand -Session $hosts[$i] -ArgumentList (@('docker', '-H', $hosts[$i].DockerHost) + $args) }
try {
    foreach ($i in 0, 1) {
        $n = $i + 1; $peer = 2 - $i
        Invoke-XHostCommand -Session $hosts[$i] -- ip address add "10.201.0.$n/24" dev "${Prefix}l$n" | Out-Null
        # The overlay: a bridge per host, joined by a kernel VXLAN to the peer (weave's fast datapath did the same).
        New-LinuxBridge weave -Mtu 1450 -Session $hosts[$i] | Out-Null
        Get-LinuxBridge weave -Session $hosts[$i] | Add-VxlanTunnel wvx -RemoteAddress "10.201.0.$peer" -Vni 77 | Out-Null
        Docker $i run -d --name "app$n" local/busybox:1 sleep 3600 | Out-Null
        # weave attach 10.201.50.N/24 appN
        Connect-ContainerNetwork "app$n" "10.201.50.$n/24" -Bridge weave -Session $hosts[$i] | Out-Null
    }
    '--- The containers, each with the interface attached to the overlay:'
    Get-ContainerNetwork app1 -Session $hosts[0] | Out-Default
    Get-ContainerNetwork app2 -Session $hosts[1] | Out-Default
    '--- The containers reach each other across the hosts, through the overlay:'
    Test-ContainerReachability -Container app1, app2 -Session $hosts -TargetContainer app1, app2 -TargetSession $hosts -DontFragment -Size 1422 | Out-Default
}
finally {
    foreach ($i in 0, 1) {
        Invoke-XHostCommand -Session $hosts[$i] -IgnoreExitCode -ArgumentList docker, -H, $hosts[$i].DockerHost, rm, -f, "app$($i + 1)" | Out-Null
        Remove-VxlanTunnel wvx -Session $hosts[$i] -Confirm:$false
        Remove-LinuxBridge weave -Session $hosts[$i] -Confirm:$false
    }
    Get-XHostSession | Remove-XHostSession
}
