# The runbooks in tests/scenarios under Pester in real pwsh, as a user's pipeline would gate them. The xunit suite
# (tests/XHostNet.Tests: ScenarioTests, OverlayScenarioTests, DockerScenarioTests) runs the very same files in the
# hosted engine.
BeforeAll {
    . "$PSScriptRoot/Support.ps1"
    Import-Module $Manifest -Force
    $script:NeedsRoot = 'it needs root: it makes network namespaces, links and daemons'
    $script:Scenarios = "$PSScriptRoot/../scenarios"
}

Describe 'Runbook linux-bridge.ps1' {
    It 'passes against a throwaway network namespace' {
        if (-not $IsRoot) { Set-ItResult -Skipped -Because $NeedsRoot; return }
        $ns = 'xhp-' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        Invoke-XHostCommand ip netns add $ns | Out-Null
        try {
            $session = New-XHostSession -NetworkNamespace $ns
            { & "$Scenarios/linux-bridge.ps1" -Session $session } | Should -Not -Throw
        }
        finally {
            Invoke-XHostCommand ip netns delete $ns | Out-Null
        }
    }
}

Describe 'Runbook ovs-gre-two-hosts.ps1' {
    It 'passes on a two-host lab with <_> routes' -ForEach 'Tunnel', 'Underlay' {
        if (-not $IsRoot) { Set-ItResult -Skipped -Because $NeedsRoot; return }
        $lab = 'xp' + [guid]::NewGuid().ToString('N').Substring(0, 6)
        try {
            $hosts = New-XHostLab 2 -Name $lab -Ovs -ContainerSubnet 10.201.1.0/24, 10.201.2.0/24 -ContainerMtu 1462
            $params = @{
                Hosts            = $hosts
                Containers       = 1, 2 | ForEach-Object { New-XHostSession -NetworkNamespace "$lab-c$_" }
                UnderlayAddress  = '10.201.0.1', '10.201.0.2'
                BridgeAddress    = '10.201.1.1/24', '10.201.2.1/24'
                ContainerPort    = 'ctr0', 'ctr0'
                ContainerAddress = '10.201.1.2', '10.201.2.2'
            }
            $routes = & "$Scenarios/ovs-gre-two-hosts.ps1" @params -RouteMode $_ | Where-Object { $_ -is [XHostNet.Routing.ContainerRoute] }
            $routes.Path | Should -Be @($_, $_)
            { & "$Scenarios/ovs-gre-two-hosts.ps1" @params -Remove } | Should -Not -Throw
        }
        finally {
            Remove-XHostLab $lab -Confirm:$false
        }
    }
}

Describe 'Runbook docker-shared-lan.ps1' {
    It 'passes on two hosts with a dockerd each' {
        if (-not $IsRoot) { Set-ItResult -Skipped -Because $NeedsRoot; return }
        $lab = 'xq' + [guid]::NewGuid().ToString('N').Substring(0, 6)
        try {
            $hosts = New-XHostLab 2 -Name $lab -Docker
            $params = @{
                Hosts = $hosts; HostAddress = '10.201.0.1/24', '10.201.0.2/24'; Nic = 'eth1', 'eth1'
                ConfigPath = "/run/xhostnet/labs/$lab/h1/docker/daemon.json", "/run/xhostnet/labs/$lab/h2/docker/daemon.json"
            }
            $plan = & "$Scenarios/docker-shared-lan.ps1" @params | Where-Object { $_ -is [XHostNet.Docker.ContainerSubnet] }
            $plan.FixedCidr | Should -Be @('10.201.0.64/26', '10.201.0.128/26')
            { & "$Scenarios/docker-shared-lan.ps1" @params -Remove } | Should -Not -Throw
        }
        finally {
            Remove-XHostLab $lab -Confirm:$false
        }
    }
}
