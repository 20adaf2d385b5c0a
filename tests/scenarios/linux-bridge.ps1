<#
.SYNOPSIS
    Runbook: the classic "br0 carries the host NIC" recipe
    (brctl addbr br0; brctl addif br0 eth0; ip addr add ... dev br0; ip link set br0 up) on one host.
.DESCRIPTION
    Plain PowerShell using Core cmdlets only, so it runs in pwsh, under Pester and in xhostnet-shell.
    A veth pair stands in for the host NIC. Throws on any failure and removes what it made.
#>
param(
    [Parameter(Mandatory)] [XHostNet.Sessions.XHostSession] $Session,
    [string] $Address = '10.200.64.1/24'
)
$ErrorActionPreference = 'Stop'

Invoke-XHostCommand -Session $Session ip link add xhnic0 type veth peer name xhnic1 | Out-Null
try {
    $bridge = New-LinuxBridge br0 -Address $Address -Session $Session | Add-LinuxBridgePort -PassThru -Interface xhnic0
    if ($bridge.Ports -notcontains 'xhnic0') { throw "xhnic0 is not a port of br0 (ports: $($bridge.Ports -join ', '))." }
    if ($bridge.Addresses -notcontains $Address) { throw "br0 does not carry $Address (addresses: $($bridge.Addresses -join ', '))." }
    if ($bridge.AdminState -ne 'Up') { throw "br0 is $($bridge.AdminState), not Up." }

    # Idempotent: asking again returns the same bridge and changes nothing.
    $again = New-LinuxBridge br0 -Address $Address -Session $Session | Add-LinuxBridgePort -PassThru -Interface xhnic0
    if ($again.Index -ne $bridge.Index) { throw "br0 was re-created (ifindex $($bridge.Index) -> $($again.Index))." }

    # The kernel's own view agrees.
    $kernel = (Invoke-XHostCommand -Session $Session ip -j link show master br0).StandardOutput
    if ($kernel -notmatch '"ifname":"xhnic0"') { throw "ip link show master br0 does not list xhnic0: $kernel" }
    $bridge
}
finally {
    Get-LinuxBridge br0 -Session $Session -ErrorAction SilentlyContinue | Remove-LinuxBridge -Confirm:$false
    Invoke-XHostCommand -Session $Session -IgnoreExitCode ip link delete xhnic0 | Out-Null
}
