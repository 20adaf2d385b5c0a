<#
.SYNOPSIS
    Shows the flannel way on a throwaway lab: one subnet per host from a network (New-ContainerSubnetPlan -Use Bip),
    a subnet.env lease per host as flanneld would write it, dockerd set from it (Get-FlannelSubnet | Set-DockerBridge:
    --bip, --mtu), host-gateway routes between the hosts (flannel's host-gw backend), and the reachability matrix.
.DESCRIPTION
    The lab is the one examples/run.sh docker makes with tests/lab/docker-hosts.sh: hosts PREFIX-h1/h2 with a
    dockerd each (LABDIR/hN) and a LAN veth PREFIXlN between them. Takes down what it built at the end.
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
function Docker([int] $i) { Invoke-XHostCommand -Session $hosts[$i] -ArgumentList (@('docker', '-H', $hosts[$i].DockerHost) + $args) }
try {
    '--- One /24 per host out of 10.201.0.0/16, from 10.201.10.0 on (the LAN 10.201.0.0/24 stays out):'
    $plan = New-ContainerSubnetPlan 10.201.0.0/16 24 -Use Bip -Session $hosts -SubnetMin 10.201.10.0 -Exclude 10.201.0.0/24
    $plan | Out-Default
    foreach ($i in 0, 1) {
        $n = $i + 1; $peer = 1 - $i
        # The host's own LAN address, and forwarding, as on any Docker host.
        Invoke-XHostCommand -Session $hosts[$i] -- ip address add "10.201.0.$n/24" dev "${Prefix}l$n" | Out-Null
        Invoke-XHostCommand -Session $hosts[$i] -- sysctl -qw net.ipv4.ip_forward=1 | Out-Null
        # What flanneld writes once it holds a lease.
        $lease = "FLANNEL_NETWORK=10.201.0.0/16`nFLANNEL_SUBNET=$($plan[$i].Bip)`nFLANNEL_MTU=1500`nFLANNEL_IPMASQ=false`n"
        Invoke-XHostCommand -Session $hosts[$i] -InputString $lease -- sh -c 'cat > "$1"' sh "$LabDir/h$n/subnet.env" | Out-Null
        Get-FlannelSubnet -Path "$LabDir/h$n/subnet.env" -Session $hosts[$i] |
            Set-DockerBridge -Clear bridge -ConfigPath "$LabDir/h$n/daemon.json" -Restart -Confirm:$false | Out-Null
        # host-gw: the peer's subnet via the peer's LAN address.
        Add-ContainerRoute $plan[$peer].Subnet -Gateway "10.201.0.$(2 - $i)" -Session $hosts[$i] | Out-Null
        Docker $i run -d --name "fl-c$n" local/busybox:1 sleep 3600 | Out-Null
    }
    '--- dockerd on each host, from its lease:'
    Get-DockerBridge -ConfigPath "$LabDir/h1/daemon.json" -Session $hosts[0] | Out-Default
    Get-DockerBridge -ConfigPath "$LabDir/h2/daemon.json" -Session $hosts[1] | Out-Default
    '--- The containers reach each other across the hosts:'
    Test-ContainerReachability -Container fl-c1, fl-c2 -Session $hosts -TargetContainer fl-c1, fl-c2 -TargetSession $hosts | Out-Default
}
finally {
    foreach ($i in 0, 1) {
        $n = $i + 1
        Invoke-XHostCommand -Session $hosts[$i] -IgnoreExitCode -ArgumentList docker, -H, $hosts[$i].DockerHost, rm, -f, "fl-c$n" | Out-Null
        Set-DockerBridge -Bridge none -Clear bip, mtu -ConfigPath "$LabDir/h$n/daemon.json" -Restart -Session $hosts[$i] -Confirm:$false | Out-Null
        if ($plan) { Remove-ContainerRoute $plan[1 - $i].Subnet -Session $hosts[$i] -Confirm:$false }
    }
    Get-XHostSession | Remove-XHostSession
}
