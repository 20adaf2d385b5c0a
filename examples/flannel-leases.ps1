<#
.SYNOPSIS
    Shows three hosts taking their container subnets from etcd leases in flannel's layout, beside a lease flanneld
    holds: Connect-XHostNetwork -SubnetStore claims one lease per host, writes each host's subnet.env, builds the
    network and ends with the reachability matrix; a second run changes nothing; Disconnect gives the leases back.
.DESCRIPTION
    Makes its own lab with New-XHostLab -Etcd (-EtcdTls with -Tls): three simulated hosts LAB-h1..h3 (underlay
    10.201.0.N) and a single-member etcd in the lab's switch namespace, reached from this machine at the lab's
    EtcdEndpoint. The network config says 10.203.0.0/16 in /24s with the host-gw backend; a lease in flanneld's exact
    format is written by hand first (with etcdctl, bound to an etcd lease of its own), for a flannel host at
    10.201.0.99, so the lowest subnet is flannel's and the lab's hosts must go round it. Each host's subnet.env goes to
    the lab's directory (hosts of one machine share its filesystem, hence {host}). Removes the lab (and its etcd with
    every key) at the end, also when a step fails or the walkthrough is interrupted.
#>
param(
    [ValidatePattern('^[a-z][a-z0-9]{0,7}$')] [string] $Lab = 'xl' + [guid]::NewGuid().ToString('N').Substring(0, 6),
    [switch] $Tls
)
$ErrorActionPreference = 'Stop'
"--- A lab of three hosts with an etcd of its own: New-XHostLab 3 -Name $Lab $(if ($Tls) { '-EtcdTls' } else { '-Etcd' })"
try {
    $hosts = New-XHostLab 3 -Name $Lab -Etcd -EtcdTls:$Tls
    $etcdLab = Get-XHostLab $Lab
    # The etcd parameters every step shares: the lease cmdlets' -Etcd, Connect-XHostNetwork's -SubnetStore.
    $tlsFiles = @{}
    $etcdctl = @('env', 'ETCDCTL_API=3', 'etcdctl', '--endpoints', $etcdLab.EtcdEndpoint)
    if ($Tls) {
        $tlsFiles = @{ EtcdCa = $etcdLab.EtcdCa; EtcdCertificate = $etcdLab.EtcdCertificate; EtcdKey = $etcdLab.EtcdKey }
        $etcdctl += '--cacert', $etcdLab.EtcdCa, '--cert', $etcdLab.EtcdCertificate, '--key', $etcdLab.EtcdKey
    }
    $store = @{ Etcd = $etcdLab.EtcdEndpoint } + $tlsFiles

    '--- The network config flanneld reads (/coreos.com/network/config):'
    Set-ContainerNetworkConfig @store -Network 10.203.0.0/16 -SubnetLength 24 -Backend host-gw -Confirm:$false -PassThru | Out-Default

    '--- A flannel host''s lease, written by hand exactly as flanneld writes it (etcdctl lease grant, then put --lease):'
    $grant = Invoke-XHostCommand -ArgumentList ($etcdctl + 'lease', 'grant', '86400')
    $id = ($grant.StandardOutput -split ' ')[1]
    Invoke-XHostCommand -ArgumentList ($etcdctl + 'put', "--lease=$id", '/coreos.com/network/subnets/10.203.1.0-24',
        '{"PublicIP":"10.201.0.99","PublicIPv6":null,"BackendType":"host-gw"}') | Out-Null
    Get-ContainerSubnetLease @store | Format-Table Subnet, PublicIP, Owner, HostName, TimeToLive, Key | Out-Default

    $network = @{
        Session = $hosts; Mode = 'HostRoutes'; Name = 'demo'; SubnetStore = $etcdLab.EtcdEndpoint
        RecordDirectory = "/run/xhostnet/labs/$Lab/net/{host}"; SubnetFile = "/run/xhostnet/labs/$Lab/flannel/{host}.env"
    } + $tlsFiles
    '--- The plan for the first host: the lease it would claim, its subnet.env, the exact commands (-WhatIf claims and changes nothing):'
    Connect-XHostNetwork @network -Session $hosts[0] -SkipReachabilityTest -WhatIf

    '--- One command: each host leases a subnet beside flannel''s (its underlay address is the lease''s PublicIP),'
    '    gets its subnet.env, br0 and its routes; 2 round trips a host:'
    Connect-XHostNetwork @network -SkipReachabilityTest | Format-Table Host, Subnet, Changed, RoundTrips, Lease | Out-Default

    '--- etcd now holds flannel''s lease and the three hosts'' (XHostNet''s, told apart by its marker):'
    Get-ContainerSubnetLease @store | Format-Table Subnet, PublicIP, Owner, HostName, TimeToLive, Key | Out-Default
    '--- The first host''s subnet.env, as Get-FlannelSubnet (and so Set-DockerBridge) reads it:'
    Get-FlannelSubnet "/run/xhostnet/labs/$Lab/flannel/{host}.env".Replace('{host}', ($hosts[0].Host -replace '[^A-Za-z0-9_.-]', '_')) -Session $hosts[0] | Out-Default
    '--- What the first host''s record says about its lease (any shell can read it back):'
    (Get-XHostNetwork demo -Session $hosts[0] -RecordDirectory $network.RecordDirectory).Lease | Format-List Key, Subnet, PublicIP, Etcd, Claimed | Out-Default

    '--- Run again: each host finds its lease by its address, nothing changes (one round trip a host, nothing written to etcd),'
    '    and the reachability matrix across the three hosts:'
    $again = Connect-XHostNetwork @network
    $again | Where-Object { $_ -is [XHostNet.Network.XHostNetworkResult] } | Format-Table Host, Subnet, Changed, RoundTrips | Out-Default
    $again | Where-Object { $_ -is [XHostNet.Reachability.ReachabilityResult] } | Out-Default
}
catch {
    "The walkthrough failed; it will remove the lab: $_"
    throw
}
finally {
    # Cleanup runs however the walkthrough ends (a failure, Ctrl+C): the network first, giving the leases back, then the lab with its etcd.
    if ($hosts -and $store) {
        '--- Disconnect: what the network made goes on every host, and the leases it claimed go back to etcd:'
        try {
            Disconnect-XHostNetwork demo -Session $hosts -RecordDirectory "/run/xhostnet/labs/$Lab/net/{host}" -Confirm:$false @tlsFiles
            Get-ContainerSubnetLease @store | Format-Table Subnet, PublicIP, Owner, HostName, TimeToLive, Key | Out-Default
        }
        catch { "Disconnect failed; removing the lab takes everything anyway: $_" }
    }
    Get-XHostSession | Remove-XHostSession
    Remove-XHostLab $Lab -Confirm:$false
}
