# -WhatIf on every changing cmdlet (every exported cmdlet with SupportsShouldProcess, found with Get-Command, so a
# new one fails here until it has a case) says what it would do and changes nothing: not on a simulated host with a
# Linux bridge, Open vSwitch with tunnels, a route and a Docker container to change, not in an etcd of the test's own
# holding a network config and a lease, nor on this machine (its namespaces, the lab's files, the runspace's sessions).
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
        # The lab host has no default route: -Interface names the one with its underlay address. Its lease file goes under the lab's directory.
        'Request-ContainerSubnetLease' = { Request-ContainerSubnetLease -Session $S -Etcd $EtcdUrl -Interface $Underlay.ifname -SubnetFile "/run/xhostnet/labs/$Lab/flannel/{host}.env" -WhatIf }
        'Remove-ContainerSubnetLease'  = { Remove-ContainerSubnetLease 10.205.7.0/24 -Etcd $EtcdUrl -WhatIf }
        'Set-ContainerNetworkConfig'   = { Set-ContainerNetworkConfig 10.205.0.0/16 -Backend host-gw -Etcd $EtcdUrl -WhatIf }
    }

    # etcd as the subnet-lease cmdlets' tests run it (tests/XHostNet.Tests/Support/EtcdServer.cs): Debian's etcd in a
    # namespace of its own, reached from this machine over a veth with a free /30 of 10.207.192.0/18.
    function Start-TestEtcd {
        $script:EtcdNs = 'pwetcd' + [guid]::NewGuid().ToString('N').Substring(0, 5) # never a lab's name: those are pw + 5 hex digits
        $script:EtcdDir = "$Scratch-etcd"
        $used = foreach ($link in (& ip -j -4 address show | ConvertFrom-Json)) { foreach ($a in $link.addr_info) { $a.local } }
        do {
            $block = Get-Random -Maximum 4096
            $base = "10.207.$(192 + ($block -shr 6)).$(($block -band 63) * 4)"
            $octets = $base -split '\.'
            $machine = "10.207.$($octets[2]).$([int]$octets[3] + 1)"
            $inside = "10.207.$($octets[2]).$([int]$octets[3] + 2)"
        } while ($used -contains $machine -or $used -contains $inside)
        New-Item -ItemType Directory -Force $EtcdDir | Out-Null
        & ip netns add $EtcdNs
        & ip -n $EtcdNs link set lo up
        & ip link add "${EtcdNs}m" type veth peer name etcd0 netns $EtcdNs
        & ip address add "$machine/30" dev "${EtcdNs}m"
        & ip link set "${EtcdNs}m" up
        & ip -n $EtcdNs address add "$inside/30" dev etcd0
        & ip -n $EtcdNs link set etcd0 up
        $script:EtcdUrl = "http://${inside}:2379"
        # setsid in a background job does not fork, so $! is etcd's own PID (ip netns exec execs it).
        $script:EtcdPid = [int](& sh -c 'ip netns exec "$0" setsid etcd --name t --data-dir "$1/data" --logger zap --log-outputs "$1/etcd.log" --listen-client-urls "$2" --advertise-client-urls "$2" --listen-peer-urls http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 --initial-cluster t=http://127.0.0.1:2380 </dev/null >/dev/null 2>&1 & echo $!' $EtcdNs $EtcdDir $EtcdUrl)
        $until = (Get-Date).AddSeconds(60)
        while (-not ((Invoke-Etcdctl endpoint health 2>&1) -match 'is healthy')) {
            if ((Get-Date) -gt $until) { throw "etcd did not answer: $(Get-Content -Raw "$EtcdDir/etcd.log" -ErrorAction Ignore)" }
            Start-Sleep -Milliseconds 200
        }
    }
    function Invoke-Etcdctl { & env ETCDCTL_API=3 etcdctl --endpoints $EtcdUrl @args }
    function Stop-TestEtcd {
        if ($EtcdPid) { & kill -KILL $EtcdPid 2>$null; Wait-Process -Id $EtcdPid -Timeout 30 -ErrorAction Ignore }
        if ($EtcdNs) { & ip netns delete $EtcdNs 2>$null; & ip link delete "${EtcdNs}m" 2>$null }
        if ($EtcdDir) { Remove-Item -Recurse -Force $EtcdDir -ErrorAction Ignore }
    }
    # Everything etcd holds (the answer's header has the store's revision: any write moves it) and every etcd lease.
    function Get-EtcdState { (Invoke-Etcdctl get --from-key '' -w json) + "`n" + ((Invoke-Etcdctl lease list) -join "`n") }

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
        $etcd = Get-EtcdState
        ($ip + $ovs + $docker + $dockerNetworks + $daemon + (& ip netns list | Where-Object { $_ -like "$Lab*" } | ForEach-Object { ($_ -split ' ')[0] }) + $files + $scratch + $conf + $sessions + $etcd) -join "`n"
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
        # A network config and another host's lease in flannel's format, bound to an etcd lease, for the lease cmdlets.
        # The host's underlay address is on eth1, or on the Open vSwitch bridge eth1 is in (an -Ovs lab's hosts).
        $script:Underlay = & ip -n $Ns -j -4 address show | ConvertFrom-Json | Where-Object { $_.addr_info.local -like '10.201.*' } | Select-Object -First 1
        Start-TestEtcd
        Invoke-Etcdctl put /coreos.com/network/config '{"Network":"10.205.0.0/16","Backend":{"Type":"vxlan"}}' | Out-Null
        $script:EtcdLease = ((Invoke-Etcdctl lease grant 3600) -split ' ')[1]
        Invoke-Etcdctl put "--lease=$EtcdLease" /coreos.com/network/subnets/10.205.7.0-24 '{"PublicIP":"10.201.0.9","PublicIPv6":null,"BackendType":"vxlan"}' | Out-Null
        Start-Sleep -Seconds 2 # let IPv6 link-local addresses and bridge ports settle before the first snapshot
    }
}

AfterAll {
    if ($IsRoot) {
        & docker -H $S.DockerHost rm -f cw 2>$null | Out-Null
        Remove-XHostLab $Lab -Confirm:$false
        Stop-TestEtcd
        Remove-Item -Recurse -Force $Scratch, $ConfRoot, $SavedRoot -ErrorAction Ignore
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

# The subnet-lease cmdlets print the etcd step and the host's exact command; etcdctl then shows the store as it was.
Describe '-WhatIf on the shared subnet store' {
    BeforeAll {
        function Get-WhatIf([scriptblock] $Case) {
            $transcript = Join-Path ([IO.Path]::GetTempPath()) "$Lab-lease.txt"
            Start-Transcript -Path $transcript | Out-Null
            try { & { $ErrorActionPreference = 'Stop'; & $Case } }
            finally {
                Stop-Transcript | Out-Null
                $said = (Get-Content -Raw $transcript) -replace "\r?\n", ' '
                Remove-Item $transcript
            }
            $said
        }
    }

    It 'Request-ContainerSubnetLease: the claim in etcd, and the write of the host''s subnet.env' {
        if (-not $IsRoot) { Set-ItResult -Skipped -Because 'it needs root: it makes a lab of network namespaces and an etcd in a namespace of its own'; return }
        $before = Get-EtcdState
        $file = "/run/xhostnet/labs/$Lab/flannel/netns_$Ns.env"
        $said = Get-WhatIf $Cases['Request-ContainerSubnetLease']
        $said | Should -Match ([regex]::Escape("What if: On host 'netns:$Ns':"))
        # The lowest free subnet (flannel skips the network's first; 10.205.7.0/24 is another host's).
        $said | Should -Match ([regex]::Escape("# In etcd: claim 10.205.1.0/24 for $(@($Underlay.addr_info)[0].local) — a transaction that creates /coreos.com/network/subnets/10.205.1.0-24 and XHostNet's host marker only if both are absent, bound to a new etcd lease of 86400 s"))
        $said | Should -Match ([regex]::Escape("sh -c 'set -e; p=`$1; want=`$2; b=`$3; mkdir -p -- ") + '.*' + [regex]::Escape("' sh $file '' ''"))
        $said | Should -Match ([regex]::Escape("# ${file}: FLANNEL_NETWORK=10.205.0.0/16; FLANNEL_SUBNET=10.205.1.1/24; FLANNEL_MTU=$($Underlay.mtu - 50); FLANNEL_IPMASQ=false"))
        Get-EtcdState | Should -BeExactly $before
        Invoke-Etcdctl get --prefix --keys-only /coreos.com/network/ | Where-Object { $_ } | Should -Be '/coreos.com/network/config', '/coreos.com/network/subnets/10.205.7.0-24'
        Test-Path $file | Should -BeFalse
    }

    It 'Remove-ContainerSubnetLease: the etcd lease it would revoke, and the key that goes with it' {
        if (-not $IsRoot) { Set-ItResult -Skipped -Because 'it needs root: it makes an etcd in a namespace of its own'; return }
        $before = Get-EtcdState
        $said = Get-WhatIf $Cases['Remove-ContainerSubnetLease']
        $said | Should -Match ([regex]::Escape("What if: In etcd at ${EtcdUrl}: revoke etcd lease $EtcdLease, which deletes /coreos.com/network/subnets/10.205.7.0-24 (Flannel's lease of 10.201.0.9)"))
        Get-EtcdState | Should -BeExactly $before
        Invoke-Etcdctl lease timetolive $EtcdLease | Should -Match 'remaining\(\d+s\)'
    }

    It 'Set-ContainerNetworkConfig: the key and the exact JSON it would put' {
        if (-not $IsRoot) { Set-ItResult -Skipped -Because 'it needs root: it makes an etcd in a namespace of its own'; return }
        $before = Get-EtcdState
        $said = Get-WhatIf $Cases['Set-ContainerNetworkConfig']
        $said | Should -Match ([regex]::Escape("What if: In etcd at ${EtcdUrl}: put /coreos.com/network/config = {`"Network`":`"10.205.0.0/16`",`"Backend`":{`"Type`":`"host-gw`"}} (only if the key is unchanged since it was read)"))
        Get-EtcdState | Should -BeExactly $before
        Invoke-Etcdctl get --print-value-only /coreos.com/network/config | Should -BeExactly '{"Network":"10.205.0.0/16","Backend":{"Type":"vxlan"}}'
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
