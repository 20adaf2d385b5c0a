<#
.SYNOPSIS
    Shows the flannel way on a throwaway lab: one subnet per host from a network (New-ContainerSubnetPlan -Use Bip),
    a subnet.env lease per host as flanneld would write it, dockerd set from it (Get-FlannelSubnet | Set-DockerBridge:
    --bip, --mtu), host-gateway routes between the hosts (flannel's host-gw backend), and the reachability matrix.
.DESCRIPTION
    Makes its own lab with New-XHostLab -Docker: two simulated hosts LAB-h1 and LAB-h2 whose eth1 (10.201.0.N/24)
    share a LAN, each with its own dockerd. Removes the lab at the end, also when a step fails.
#>
param(
    [ValidatePattern('^[a-z][a-z0-9]{0,7}$')] [string] $Lab = 'xf' + [guid]::NewGuid().ToString('N').Substring(0, 6)
)
$ErrorActionPreference = 'Stop'
"--- A lab of two Docker hosts on one LAN: New-XHostLab 2 -Name $Lab -Docker"
$hosts = New-XHostLab 2 -Name $Lab -Docker
$labDir = "/run/xhostnet/labs/$Lab"
function Docker([int] $i) { Invoke-XHostCommand -Session $hosts[$i] -ArgumentList (@('docker', '-H', $hosts[$i].DockerHost) + $args) }
try {
    $hosts[0].SessionName = 'host1'; $hosts[1].SessionName = 'host2'
    '--- One /24 per host out of 10.201.0.0/16, from 10.201.10.0 on (the LAN 10.201.0.0/24 stays out):'
    $plan = New-ContainerSubnetPlan 10.201.0.0/16 24 -Use Bip -Session $hosts -SubnetMin 10.201.10.0 -Exclude 10.201.0.0/24
    $plan | Out-Default
    foreach ($i in 0, 1) {
        $n = $i + 1; $peer = 1 - $i
        # What flanneld writes once it holds a lease.
        $lease = "FLANNEL_NETWORK=10.201.0.0/16`nFLANNEL_SUBNET=$($plan[$i].Bip)`nFLANNEL_MTU=1500`nFLANNEL_IPMASQ=false`n"
        Invoke-XHostCommand -Session $hosts[$i] -InputString $lease -- sh -c 'cat > "$1"' sh "$labDir/h$n/subnet.env" | Out-Null
        Get-FlannelSubnet -Path "$labDir/h$n/subnet.env" -Session $hosts[$i] |
            Set-DockerBridge -Clear bridge -ConfigPath "$labDir/h$n/docker/daemon.json" -Restart -Confirm:$false
        # host-gw: the peer's subnet via the peer's LAN address.
        Add-ContainerRoute $plan[$peer].Subnet -Gateway "10.201.0.$(2 - $i)" -Session $hosts[$i]
        Docker $i run -d --name "fl-c$n" local/busybox:1 sleep 3600 | Out-Null
    }
    '--- dockerd on each host, from its lease:'
    Get-DockerBridge -ConfigPath "$labDir/h1/docker/daemon.json" -Session $hosts[0] | Out-Default
    Get-DockerBridge -ConfigPath "$labDir/h2/docker/daemon.json" -Session $hosts[1] | Out-Default
    '--- The containers reach each other across the hosts:'
    Test-ContainerReachability -Container fl-c1, fl-c2 -Session $hosts -TargetContainer fl-c1, fl-c2 -TargetSession $hosts | Out-Default
}
finally {
    foreach ($i in 0..($hosts.Count - 1)) {
        $n = $i + 1
        Invoke-XHostCommand -Session $hosts[$i] -IgnoreExitCode -ArgumentList docker, -H, $hosts[$i].DockerHost, rm, -f, "fl-c$n" | Out-Null
        Set-DockerBridge -Bridge none -Clear bip, mtu -ConfigPath "$labDir/h$n/docker/daemon.json" -Restart -Session $hosts[$i] -Confirm:$false -ErrorAction Continue
        if ($plan) { Remove-ContainerRoute $plan[1 - $i].Subnet -Session $hosts[$i] -Confirm:$false -ErrorAction Continue }
    }
    Get-XHostSession | Remove-XHostSession
    Remove-XHostLab $Lab -Confirm:$false
}
