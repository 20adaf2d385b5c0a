<#
.SYNOPSIS
    Runbook: the classic two-host overlay — an Open vSwitch bridge obr0 with a GRE tunnel to the peer, obr0 as a
    port of the Linux bridge br0 that the containers use, and a route to the peer's container subnet.
.DESCRIPTION
    Plain PowerShell using Core cmdlets only, so it runs in pwsh, under Pester and in xhostnet-shell.
    Host i gets br0 with BridgeAddress[i] (its containers' gateway; the prefix is its container subnet).

    RouteMode decides which path container traffic takes between the hosts:
      Tunnel   - ip route add <peer subnet> via <peer br0 address> dev br0 onlink: through obr0 and gre0.
      Underlay - ip route add <peer subnet> via <peer underlay address>: plain IP over the hosts' own network
                 (host-gateway style; needs the hosts on one L2 segment; the tunnel carries only broadcasts).
    The runbook checks with Find-ContainerRoute that the path is the one asked for. Given container sessions and
    addresses, it pings every peer container with a full-size don't-fragment packet (Mtu - 28 bytes of payload).
    -Remove takes it all down again. Throws on any failure; re-running changes nothing.
    The hosts must forward IPv4 (Docker hosts do: net.ipv4.ip_forward=1).
#>
param(
    [Parameter(Mandatory)] [XHostNet.Sessions.XHostSession[]] $Hosts,
    [Parameter(Mandatory)] [string[]] $UnderlayAddress,
    [Parameter(Mandatory)] [string[]] $BridgeAddress,
    [string[]] $ContainerPort = @(),
    [XHostNet.Sessions.XHostSession[]] $Containers = @(),
    [string[]] $ContainerAddress = @(),
    [ValidateSet('Tunnel', 'Underlay')] [string] $RouteMode = 'Tunnel',
    [int] $Mtu = 1462,
    [switch] $Remove
)
$ErrorActionPreference = 'Stop'
if ($Hosts.Count -ne 2 -or $UnderlayAddress.Count -ne 2 -or $BridgeAddress.Count -ne 2) { throw 'Give two hosts, two underlay addresses and two bridge addresses.' }

foreach ($i in 0, 1) {
    $h = $Hosts[$i]
    $peer = 1 - $i
    $peerBridge = [XHostNet.Linux.InterfaceAddress]::Parse($BridgeAddress[$peer])
    $peerSubnet = $peerBridge.Network.ToString()

    if ($Remove) {
        Remove-ContainerRoute -Destination $peerSubnet -Session $h -Confirm:$false
        Remove-LinuxBridge br0 -Session $h -Confirm:$false
        Remove-GreTunnel gre0 -Session $h -Confirm:$false
        Remove-OvsBridge obr0 -Session $h -Confirm:$false
        continue
    }

    # obr0 + gre0 to the peer: ovs-vsctl add-br obr0; ovs-vsctl add-port obr0 gre0 -- set interface gre0 type=gre options:remote_ip=PEER
    $tunnel = New-OvsBridge obr0 -Mtu $Mtu -Session $h | Add-GreTunnel -PassThru -Name gre0 -RemoteAddress $UnderlayAddress[$peer]
    if ($tunnel.Error) { throw "gre0 on $($h.Host) does not work: $($tunnel.Error)" }
    if ($tunnel.OverlayMtu -and $tunnel.OverlayMtu -lt $Mtu) { throw "gre0 on $($h.Host) carries at most $($tunnel.OverlayMtu) bytes, less than -Mtu $Mtu." }

    # br0 holds obr0 and the containers: brctl addbr br0; brctl addif br0 obr0; ip addr add ... dev br0
    $ports = @('obr0')
    if ($ContainerPort.Count -gt $i -and $ContainerPort[$i]) { $ports += $ContainerPort[$i] }
    $bridge = New-LinuxBridge br0 -Address $BridgeAddress[$i] -Mtu $Mtu -Session $h | Add-LinuxBridgePort -PassThru -Interface $ports
    if ($bridge.Ports -notcontains 'obr0') { throw "obr0 is not a port of br0 on $($h.Host)." }

    $gateway = if ($RouteMode -eq 'Tunnel') { $peerBridge.Address } else { $UnderlayAddress[$peer] }
    $route = if ($RouteMode -eq 'Tunnel') {
        Add-ContainerRoute -Destination $peerSubnet -Gateway $gateway -Interface br0 -OnLink -Session $h -PassThru
    } else {
        Add-ContainerRoute -Destination $peerSubnet -Gateway $gateway -Session $h -WarningAction SilentlyContinue -PassThru
    }
    if ("$($route.Path)" -ne $RouteMode) { throw "The route to $peerSubnet on $($h.Host) takes the $($route.Path) path, not $RouteMode ($($route.Via))." }

    $path = Find-ContainerRoute $peerBridge.Address -Session $h
    if ("$($path.Path)" -ne $RouteMode) { throw "Packets to $($peerBridge.Address) from $($h.Host) take the $($path.Path) path ($($path.Via)), not $RouteMode." }
    $tunnel
    $route
    $path
}

if (-not $Remove -and $Containers.Count -eq 2) {
    foreach ($i in 0, 1) {
        $target = $ContainerAddress[1 - $i]
        # Full-size, don't fragment: an MTU black hole fails here instead of in production.
        $ping = Invoke-XHostCommand -Session $Containers[$i] -IgnoreExitCode -- ping -c 3 -i 0.2 -W 2 -M do -s ($Mtu - 28) $target
        if ($ping.ExitCode -ne 0) { throw "Container $($Containers[$i].Host) cannot reach $target with $Mtu-byte packets: $($ping.StandardOutput)$($ping.StandardError)" }
        $ping
    }
}
