# -WhatIf on every changing cmdlet (every exported cmdlet with SupportsShouldProcess, found with Get-Command, so a
# new one fails here until it has a case) says what it would do and changes nothing: not on a simulated host with a
# Linux bridge, Open vSwitch with tunnels, a route and a Docker container to change, nor on this machine (its
# namespaces, the lab's files, the runspace's sessions).
BeforeDiscovery {
    . "$PSScriptRoot/Support.ps1"
    Import-Module $Manifest -Force
    $script:Changing = Get-Command -Module XHostNet | Where-Object { $_.Parameters.ContainsKey('WhatIf') } | ForEach-Object Name
}

BeforeAll {
    . "$PSScriptRoot/Support.ps1"
    Import-Module $Manifest -Force
    $script:Lab = 'pw' + [guid]::NewGuid().ToString('N').Substring(0, 5) # lab names have 8 characters at most; New-XHostLab -WhatIf adds one
    $script:Ns = "$Lab-h1"
    $script:Scratch = Join-Path ([IO.Path]::GetTempPath()) $Lab
    # Configuration roots of their own (never this machine's /etc): one with nothing persisted yet, one with brw persisted.
    $script:EtcdDir = "$Scratch-etcd"
    $script:Etcd = @{ Etcd = 'http://127.0.0.1:2379'; Prefix = '/pw/network'; EtcdFromHost = $true }
    $script:ConfRoot = "$Scratch-conf"
    $script:SavedRoot = "$Scratch-saved"

    # One call per changing cmdlet, each with something to do: these objects exist (made below), those named *2 do not.
    $script:Cases = @{
        'Add-ContainerRoute'          = { Add-ContainerRoute -Session $S -Destination 10.203.8.0/24 -Gateway 10.201.0.8 -WhatIf }
        'Add-GreTunnel'               = { Add-GreTunnel -Session $S -Bridge obrw -Name grew2 -RemoteAddress 10.201.0.8 -WhatIf }
        'Add-LinuxBridgePort'         = { Add-LinuxBridgePort -Session $S -Bridge brw -Interface vw0 -WhatIf }
        'Add-VxlanTunnel'             = { Add-VxlanTunnel -Session $S -Bridge obrw -Name vxw2 -Vni 43 -RemoteAddress 10.201.0.8 -WhatIf }
        'Connect-XHostNetwork'        = { Connect-XHostNetwork -Session $S -Mode HostRoutes -ContainerNetwork 10.204.0.0/16 -Name pw -RecordDirectory "/run/xhostnet/labs/$Lab/net" -Persist -PersistFormat SystemdNetworkd -PersistRoot $ConfRoot -WhatIf }
        'Disconnect-XHostNetwork'     = { Disconnect-XHostNetwork pw -Session $S -RecordDirectory "/run/xhostnet/labs/$Lab/net" -WhatIf }
        'Connect-ContainerNetwork'    = { Connect-ContainerNetwork -Session $S -Container cw -Bridge brw -Address 10.203.1.6/24 -InterfaceName eth2 -WhatIf }
        'Disconnect-ContainerNetwork' = { Disconnect-ContainerNetwork -Session $S -Container cw -InterfaceName eth1 -WhatIf }
        'Invoke-XHostCommand'         = { Invoke-XHostCommand -Session $S -WhatIf ip link add vw8 type veth peer name vw9 }
        'New-LinuxBridge'             = { New-LinuxBridge -Session $S -Name brw2 -WhatIf }
        'New-OvsBridge'               = { New-OvsBridge -Session $S -Name obrw2 -WhatIf }
        'New-XHostLab'                = { New-XHostLab 1 -Name "${Lab}x" -Ovs -Docker -WhatIf }
        'Remove-ContainerRoute'       = { Remove-ContainerRoute -Session $S -Destination 10.203.9.0/24 -WhatIf }
        # The shared subnet store: an etcd inside the lab host, reached through its session (-EtcdFromHost).
        'Request-ContainerSubnetLease' = { Request-ContainerSubnetLease -Session $S @Etcd -Interface obrphy -SubnetFile "/run/xhostnet/labs/$Lab/lease/{host}.env" -WhatIf }
        'Remove-ContainerSubnetLease' = { Remove-ContainerSubnetLease 10.205.9.0/24 -Session $S @Etcd -WhatIf }
        'Set-ContainerNetworkConfig'  = { Set-ContainerNetworkConfig -Session $S @Etcd -Network 10.205.0.0/16 -Backend vxlan -WhatIf }
        'Remove-GreTunnel'            = { Remove-GreTunnel -Session $S -Name grew -WhatIf }
        'Remove-LinuxBridge'          = { Remove-LinuxBridge -Session $S -Name brw -WhatIf }
        'Remove-LinuxBridgeConfig'    = { Remove-LinuxBridgeConfig -Session $S -Bridge brw -Root $SavedRoot -WhatIf }
        'Remove-LinuxBridgePort'      = { Remove-LinuxBridgePort -Session $S -Bridge brw -Interface ctr0 -WhatIf }
        'Remove-OvsBridge'            = { Remove-OvsBridge -Session $S -Name obrw -WhatIf }
        'Remove-VxlanTunnel'          = { Remove-VxlanTunnel -Session $S -Name vxw -WhatIf }
        'Remove-XHostLab'             = { Remove-XHostLab -Name $Lab -WhatIf }
        'Remove-XHostSession'         = { Remove-XHostSession -Session $S -WhatIf }
        'Save-LinuxBridgeConfig'      = { Save-LinuxBridgeConfig -Session $S -Bridge brw -Format SystemdNetworkd -Root $ConfRoot -WhatIf }
        'Set-DockerBridge'            = { Set-DockerBridge -Session $S -Bridge brw -FixedCidr 10.203.1.64/26 -ConfigPath $DaemonJson -Restart -WhatIf }
        # Open vSwitch runs on the lab host; a second session names a database directory where none runs yet.
        'Start-OvsDaemon'             = { Start-OvsDaemon -Session $Unstarted -WhatIf }
        'Stop-OvsDaemon'              = { Stop-OvsDaemon -Session $S -WhatIf }
    }

    # The state -WhatIf must leave alone, as text; timers and address lifetimes tick by themselves, so they are dropped.
    function Get-State {
        $ip = foreach ($what in 'link', 'address', 'route') { (& ip -n $Ns -j -d $what show) -join '' }
        $ip += (& ip -n $Ns -j route show table all) -join ''
        $ip = $ip -replace '"[a-z_]*(_timer|life_time|expires|used|updated|confirmed)":[0-9.]+,?', ''
        $ovs = & ip netns exec $Ns ovs-vsctl --db="$($S.OvsDatabase)" show
        $docker = & docker -H $S.DockerHost ps -a --no-trunc --format '{{.Names}} {{.State}} {{.Networks}}'
        $dockerNetworks = & docker -H $S.DockerHost network ls --format '{{.Name}} {{.Driver}}'
        $daemon = Get-Content -Raw $DaemonJson
        $files = Get-ChildItem -Recurse -Force "/run/xhostnet/labs/$Lab" | ForEach-Object FullName # logs grow by themselves
        $scratch = Test-Path $Scratch
        $conf = Get-ChildItem -Recurse -Force -File $ConfRoot, $SavedRoot -ErrorAction Ignore | ForEach-Object { "$($_.FullName) $((Get-FileHash $_.FullName).Hash)" }
        $sessions = Get-XHostSession | ForEach-Object { "$($_.Id) $($_.SessionName) $($_.IsOpen)" }
        $etcd = (& ip netns exec $Ns env ETCDCTL_API=3 etcdctl --endpoints http://127.0.0.1:2379 get --prefix /pw/ -w json) -replace '"header":\{[^}]*\},', ''
        ($ip + $ovs + $docker + $dockerNetworks + $daemon + $etcd + (& ip netns list | Where-Object { $_ -like "$Lab*" } | ForEach-Object { ($_ -split ' ')[0] }) + $files + $scratch + $conf + $sessions) -join "`n"
    }

    if ($IsRoot) {
        New-XHostLab 1 -Name $Lab -Ovs -Docker -ContainerSubnet 10.203.1.0/24 | Out-Null
        $script:S = Get-XHostSession -Name $Ns
        $script:DaemonJson = "/run/xhostnet/labs/$Lab/h1/docker/daemon.json"
        $script:Unstarted = New-XHostSession -NetworkNamespace $Ns -OvsDatabase "unix:$Scratch/db.sock" -Name "$Lab-unstarted"
        # Something for every removal to remove and every addition to add to.
        New-LinuxBridge -Session $S -Name brw | Out-Null
        Invoke-XHostCommand -Session $S ip address add 10.203.1.1/24 dev brw | Out-Null
        Add-LinuxBridgePort -Session $S -Bridge brw -Interface ctr0 | Out-Null
        Invoke-XHostCommand -Session $S ip link add vw0 type veth peer name vw1 | Out-Null
        # A NIC with an address and a route for Add-LinuxBridgePort -MoveAddress to move.
        Invoke-XHostCommand -Session $S ip link add vw2 type veth peer name vw3 | Out-Null
        Invoke-XHostCommand -Session $S ip address add 10.203.2.1/24 dev vw2 | Out-Null
        Invoke-XHostCommand -Session $S ip link set vw2 up | Out-Null
        Invoke-XHostCommand -Session $S ip route add 10.203.3.0/24 via 10.203.2.9 dev vw2 | Out-Null
        New-OvsBridge -Session $S -Name obrw | Out-Null
        Add-GreTunnel -Session $S -Bridge obrw -Name grew -RemoteAddress 10.201.0.9 | Out-Null
        Add-VxlanTunnel -Session $S -Bridge obrw -Name vxw -Vni 42 -RemoteAddress 10.201.0.9 | Out-Null
        Add-ContainerRoute -Session $S -Destination 10.203.9.0/24 -Gateway 10.201.0.9 3>$null | Out-Null
        Invoke-XHostCommand -Session $S docker '-H' $S.DockerHost run '-d' --name cw local/busybox:1 sleep 3600 | Out-Null
        Connect-ContainerNetwork -Session $S -Container cw -Bridge brw -Address 10.203.1.5/24 -InterfaceName eth1 | Out-Null
        New-Item -ItemType Directory -Force "$ConfRoot/etc/systemd/network", "$SavedRoot/etc/systemd/network" | Out-Null
        Save-LinuxBridgeConfig -Session $S -Bridge brw -Format SystemdNetworkd -Root $SavedRoot -Confirm:$false
        # A network of this one host: Disconnect has it to remove; with its bridge address deleted by hand, Connect has it to put back.
        Connect-XHostNetwork -Session $S -Mode HostRoutes -ContainerNetwork 10.204.0.0/16 -Name pw -RecordDirectory "/run/xhostnet/labs/$Lab/net" | Out-Null
        Invoke-XHostCommand -Session $S ip address del 10.204.0.1/24 dev br0 | Out-Null
        # etcd on the lab host's loopback, with flannel's config and a lease of another host for Remove to give back.
        $script:EtcdPid = (& sh -c 'ip netns exec "$0" setsid etcd --name pw --data-dir "$1" --listen-client-urls http://127.0.0.1:2379 --advertise-client-urls http://127.0.0.1:2379 --listen-peer-urls http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 --initial-cluster pw=http://127.0.0.1:2380 </dev/null >"$1.log" 2>&1 & echo $!' $Ns $EtcdDir).Trim()
        $until = (Get-Date).AddSeconds(60)
        while (-not ((& ip netns exec $Ns curl -s --max-time 2 http://127.0.0.1:2379/health) -match '"health":"true"') -and (Get-Date) -lt $until) { Start-Sleep -Milliseconds 100 }
        Set-ContainerNetworkConfig -Session $S @Etcd -Network 10.205.0.0/16 -Backend host-gw -Confirm:$false
        & ip netns exec $Ns env ETCDCTL_API=3 etcdctl --endpoints http://127.0.0.1:2379 put /pw/network/subnets/10.205.9.0-24 '{"PublicIP":"10.201.0.9","PublicIPv6":null,"BackendType":"host-gw"}' | Out-Null
        Start-Sleep -Seconds 2 # let IPv6 link-local addresses and bridge ports settle before the first snapshot
    }
}

AfterAll {
    if ($IsRoot) {
        & docker -H $S.DockerHost rm -f cw 2>$null | Out-Null
        if ($EtcdPid) { & kill -KILL $EtcdPid 2>$null }
        Remove-XHostLab $Lab -Confirm:$false
        Remove-Item -Recurse -Force $Scratch, $ConfRoot, $SavedRoot, $EtcdDir, "$EtcdDir.log" -ErrorAction Ignore
    }
}

# Add-LinuxBridgePort -MoveAddress changes nothing either: no watchdog starts on the host, no move directory is made.
Describe '-WhatIf on Add-LinuxBridgePort -MoveAddress' {
    It 'prints the watchdog and what would move, and changes nothing' {
        if (-not $IsRoot) { Set-ItResult -Skipped -Because 'it needs root: it makes a lab of network namespaces, Open vSwitch and dockerd'; return }
        $before = Get-State
        $transcript = Join-Path ([IO.Path]::GetTempPath()) "$Lab-move.txt"
        Start-Transcript -Path $transcript | Out-Null
        try { & { $ErrorActionPreference = 'Stop'; Add-LinuxBridgePort -Session $S -Bridge brw2 -Interface vw2 -MoveAddress -WhatIf } }
        finally {
            Stop-Transcript | Out-Null
            $said = (Get-Content -Raw $transcript) -replace "\r?\n", ' '
            Remove-Item $transcript
        }
        $said | Should -Match 'What if:.*setsid sh'
        $said | Should -Match 'ip -4 route replace 10\.203\.3\.0/24 via 10\.203\.2\.9 dev brw2'
        Start-Sleep -Seconds 2 # a watchdog, had one started, would have changed the host by now
        Get-State | Should -BeExactly $before
        # The plan names its move's own directory; it was not made (other suites on this machine make moves of their own).
        $said -match '(/run/xhostnet/move-[0-9a-f]{32})' | Should -BeTrue
        Test-Path $Matches[1] | Should -BeFalse
    }
}

Describe '-WhatIf on <_>' -ForEach $Changing {
    It 'says what it would do and changes nothing on the host or this machine' {
        if (-not $IsRoot) { Set-ItResult -Skipped -Because 'it needs root: it makes a lab of network namespaces, Open vSwitch and dockerd'; return }
        $Cases.ContainsKey($_) | Should -BeTrue -Because "every changing cmdlet needs a -WhatIf case in WhatIf.Tests.ps1; $_ has none"
        $before = Get-State
        $transcript = Join-Path ([IO.Path]::GetTempPath()) "$Lab-$_.txt"
        Start-Transcript -Path $transcript | Out-Null
        try { & { $ErrorActionPreference = 'Stop'; & $Cases[$_] } }
        finally {
            Stop-Transcript | Out-Null
            $said = (Get-Content -Raw $transcript) -replace "\r?\n", ' '
            Remove-Item $transcript
        }
        $said | Should -Match 'What if:' -Because "-WhatIf should say what $_ would do"
        Get-State | Should -BeExactly $before
    }
}
