@{
    RootModule           = 'XHostNet.dll'
    # The build stamps ModuleVersion from Directory.Build.props (the one version source) into out/XHostNet/XHostNet.psd1.
    ModuleVersion        = '0.1.0'
    GUID                 = '6f0b7f54-3c1e-4d55-9a7e-2d0c5b8e41a7'
    Author               = 'XHostNet'
    CompanyName          = 'XHostNet'
    Copyright            = '(c) XHostNet. MIT License.'
    Description          = 'Cross-host container networking on Linux, locally, in network namespaces or over SSH: Linux bridges, Open vSwitch tunnels, Docker bridge settings and reachability tests as idempotent, testable pipelines.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Core', 'Desktop')
    FormatsToProcess     = @('XHostNet.Format.ps1xml')
    CmdletsToExport      = @(
        'New-XHostSession'
        'Connect-XHostNetwork'
        'Get-XHostNetwork'
        'Disconnect-XHostNetwork'
        'Get-XHostSession'
        'Remove-XHostSession'
        'Invoke-XHostCommand'
        'New-LinuxBridge'
        'Get-LinuxBridge'
        'Remove-LinuxBridge'
        'Add-LinuxBridgePort'
        'Remove-LinuxBridgePort'
        'Save-LinuxBridgeConfig'
        'Remove-LinuxBridgeConfig'
        'New-OvsBridge'
        'Get-OvsBridge'
        'Remove-OvsBridge'
        'Add-GreTunnel'
        'Get-GreTunnel'
        'Remove-GreTunnel'
        'Add-VxlanTunnel'
        'Get-VxlanTunnel'
        'Remove-VxlanTunnel'
        'Add-ContainerRoute'
        'Get-ContainerRoute'
        'Remove-ContainerRoute'
        'Find-ContainerRoute'
        'Get-OvsDaemon'
        'Start-OvsDaemon'
        'Stop-OvsDaemon'
        'Get-DockerBridge'
        'Set-DockerBridge'
        'Get-FlannelSubnet'
        'Get-ContainerNetworkConfig'
        'Set-ContainerNetworkConfig'
        'Get-ContainerSubnetLease'
        'Request-ContainerSubnetLease'
        'Remove-ContainerSubnetLease'
        'New-ContainerSubnetPlan'
        'Connect-ContainerNetwork'
        'Disconnect-ContainerNetwork'
        'Get-ContainerNetwork'
        'Test-ContainerReachability'
        'Get-XHostLab'
        'New-XHostLab'
        'Remove-XHostLab'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Linux', 'Networking', 'Bridge', 'OpenVSwitch', 'Docker', 'Containers', 'SSH', 'iproute2', 'PSEdition_Core', 'PSEdition_Desktop')
            # No LicenseUri/ProjectUri: the project has no public home yet; the MIT license ships as LICENSE in the module.
            ReleaseNotes = 'Full notes: CHANGELOG.md. Sessions to this machine, network namespaces and SSH hosts (pinned host keys, sudo); Linux bridges, Open vSwitch bridges and daemons, GRE and VXLAN tunnels, container routes that say whether they cross the tunnel, dockerd bridge settings, container attach, subnet plans, reachability tests, and throwaway labs (New-XHostLab). Every changing cmdlet plans first and supports -WhatIf.'
        }
    }
}
