<#
.SYNOPSIS
    Runbook: the shared-LAN recipe — br0 carries each host's NIC and the hosts' address range, and each host's dockerd
    is bound to br0 with a fixed-cidr slice of its own (dockerd -b=br0 --fixed-cidr=<slice>), so containers on
    different hosts share the LAN without address clashes.
.DESCRIPTION
    Plain PowerShell using Core cmdlets only, so it runs in pwsh, under Pester and in xhostnet-shell.
    Host i gets br0 with HostAddress[i] (its LAN address, whose prefix is the LAN) holding Nic[i]. New-ContainerSubnetPlan
    divides the LAN into /SliceLength slices, skipping the hosts' addresses and the gateway; Set-DockerBridge writes
    bridge and fixed-cidr into each host's daemon.json and restarts dockerd. Then one container per host starts, each
    must get an address inside its host's slice, and each pings the other across the LAN.
    -Remove takes it down: containers, the daemon.json settings (bridge back to none), br0; the address goes back to the NIC.
    Sessions need -DockerHost where the engine is not at its default socket, and -DockerRestartCommand where dockerd
    is not a systemd or SysV service.
#>
param(
    [Parameter(Mandatory)] [XHostNet.Sessions.XHostSession[]] $Hosts,
    [Parameter(Mandatory)] [string[]] $HostAddress,
    [Parameter(Mandatory)] [string[]] $Nic,
    [string[]] $ConfigPath = @(),
    [string[]] $Exclude = @(),
    [int] $SliceLength = 26,
    [string] $Image = 'local/busybox:1',
    [switch] $Remove
)
$ErrorActionPreference = 'Stop'
$n = $Hosts.Count
if ($HostAddress.Count -ne $n -or $Nic.Count -ne $n) { throw 'Give one host address and one NIC per host.' }
function Config([int] $i) { if ($ConfigPath.Count -gt $i) { @{ ConfigPath = $ConfigPath[$i] } } else { @{} } }
function Docker([int] $i) {
    $argv = @('docker')
    if ($Hosts[$i].DockerHost) { $argv += '-H', $Hosts[$i].DockerHost }
    Invoke-XHostCommand -Session $Hosts[$i] -ArgumentList ($argv + $args)
}

if ($Remove) {
    foreach ($i in 0..($n - 1)) {
        $c = Config $i
        Invoke-XHostCommand -Session $Hosts[$i] -IgnoreExitCode -ArgumentList (@('docker') + @(if ($Hosts[$i].DockerHost) { '-H', $Hosts[$i].DockerHost }) + @('rm', '-f', "lan-c$i")) | Out-Null
        Set-DockerBridge -Bridge none -Clear fixed-cidr -Restart -Session $Hosts[$i] @c -Confirm:$false | Out-Null
        Remove-LinuxBridge br0 -Session $Hosts[$i] -Confirm:$false
        # The LAN address goes back to the NIC.
        Invoke-XHostCommand -Session $Hosts[$i] -- ip address replace $HostAddress[$i] dev $Nic[$i] | Out-Null
    }
    return
}

$lan = [XHostNet.Linux.InterfaceAddress]::Parse($HostAddress[0]).Network
$hostIps = foreach ($a in $HostAddress) { [XHostNet.Linux.InterfaceAddress]::Parse($a).Address.ToString() }
$plan = New-ContainerSubnetPlan $lan.ToString() $SliceLength -Session $Hosts -Exclude (@($hostIps) + $Exclude)

foreach ($i in 0..($n - 1)) {
    # brctl addbr br0; brctl addif br0 eth1; ip addr add <host address> dev br0 — the host's LAN address now lives on br0.
    # The address moves from the NIC to br0 before the NIC joins (a port's own address stops answering).
    New-LinuxBridge br0 -Address $HostAddress[$i] -Session $Hosts[$i] | Out-Null
    Invoke-XHostCommand -Session $Hosts[$i] -IgnoreExitCode -- ip address del $HostAddress[$i] dev $Nic[$i] | Out-Null
    Add-LinuxBridgePort -Bridge br0 -Interface $Nic[$i] -Session $Hosts[$i] | Out-Null
    # dockerd -b=br0 --fixed-cidr=<slice>, restarted and checked.
    $c = Config $i
    $bridge = Set-DockerBridge -PassThru -Bridge br0 -FixedCidr $plan[$i].FixedCidr -Restart -Session $Hosts[$i] @c -Confirm:$false
    if ($bridge.EffectiveBridge -ne 'br0' -or $bridge.EffectiveIpRange -ne $plan[$i].FixedCidr) {
        throw "dockerd on $($Hosts[$i].Host) runs bridge $($bridge.EffectiveBridge) range $($bridge.EffectiveIpRange), not br0 $($plan[$i].FixedCidr)."
    }
    $bridge
}

$addresses = foreach ($i in 0..($n - 1)) {
    Docker $i run -d --name "lan-c$i" $Image sleep 3600 | Out-Null
    $ip = (Docker $i inspect -f '{{.NetworkSettings.IPAddress}}' "lan-c$i").StandardOutput.Trim()
    $slice = [XHostNet.Linux.InterfaceAddress]::Parse($plan[$i].FixedCidr)
    if (-not $slice.Contains([System.Net.IPAddress]::Parse($ip))) { throw "Container lan-c$i on $($Hosts[$i].Host) got $ip, outside its slice $($plan[$i].FixedCidr)." }
    $ip
}
foreach ($i in 0..($n - 1)) {
    foreach ($j in 0..($n - 1)) {
        if ($i -eq $j) { continue }
        $ping = Docker $i exec "lan-c$i" ping -c 2 -W 2 $addresses[$j]
        if ($ping.ExitCode -ne 0) { throw "lan-c$i cannot reach lan-c$j at $($addresses[$j])." }
    }
}
$plan
