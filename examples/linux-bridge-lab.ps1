<#
.SYNOPSIS
    Shows XHostNet on a throwaway lab host: a network namespace on this machine stands in for a server.
.DESCRIPTION
    Makes the namespace, prints what New-LinuxBridge would do (-WhatIf), builds br0 carrying a stand-in
    NIC (a veth pair), shows that a second run changes nothing, prints the bridge as a table, writes it as
    boot configuration (ifupdown stanzas, under a temporary root rather than this machine's /etc) and removes
    that again, and removes the namespace. Needs root (network namespaces). Runs in pwsh or in xhostnet-shell.
#>
param(
    [string] $Namespace = ('xhn-demo-' + [guid]::NewGuid().ToString('N').Substring(0, 6)),
    [string] $Address = '10.200.64.1/24'
)
$ErrorActionPreference = 'Stop'
$root = $null

Invoke-XHostCommand ip netns add $Namespace | Out-Null
try {
    $lab = New-XHostSession -NetworkNamespace $Namespace -Name lab1
    Invoke-XHostCommand -Session $lab ip link set lo up | Out-Null
    Invoke-XHostCommand -Session $lab ip link add eth1 type veth peer name ceth0 | Out-Null
    Invoke-XHostCommand -Session $lab ip link set ceth0 up | Out-Null

    '--- What New-LinuxBridge would run (-WhatIf):'
    New-LinuxBridge br0 -Address $Address -Session $lab -WhatIf

    '--- Build it, then ask again (the second run changes nothing):'
    New-LinuxBridge br0 -Address $Address -Session $lab | Add-LinuxBridgePort -Interface eth1
    New-LinuxBridge br0 -Address $Address -Session $lab -Verbose | Out-Null

    '--- The bridge as the host reports it:'
    Get-LinuxBridge -Session $lab

    # A bridge made with ip is gone after a reboot; the host's own network configuration brings it back.
    # Written under a temporary root here, so this machine's /etc/network is never touched.
    $root = (Invoke-XHostCommand mktemp '-d').StandardOutput.Trim() # quoted: a bare -d would bind -Debug
    '--- Persisted for reboots (ifupdown, under ' + $root + '):'
    Get-LinuxBridge br0 -Session $lab | Save-LinuxBridgeConfig -Format Ifupdown -Root $root -Confirm:$false -PassThru | Out-Host
    (Invoke-XHostCommand cat "$root/etc/network/interfaces").StandardOutput
    Remove-LinuxBridgeConfig br0 -Session $lab -Root $root -Confirm:$false
}
finally {
    if ($root) { Invoke-XHostCommand rm -rf $root | Out-Null }
    Invoke-XHostCommand ip netns delete $Namespace | Out-Null
    Get-XHostSession | Remove-XHostSession
}
