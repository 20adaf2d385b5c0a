@{
    RootModule           = 'XHostNet.dll'
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
        'Get-XHostSession'
        'Remove-XHostSession'
        'Invoke-XHostCommand'
        'New-LinuxBridge'
        'Get-LinuxBridge'
        'Remove-LinuxBridge'
        'Add-LinuxBridgePort'
        'Remove-LinuxBridgePort'
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
            LicenseUri   = 'https://github.com/xhostnet/XHostNet/blob/main/LICENSE'
            ProjectUri   = 'https://github.com/xhostnet/XHostNet'
            ReleaseNotes = 'See CHANGELOG.md. 0.1.0: sessions (local, network namespace, SSH with verified host keys), Invoke-XHostCommand, Linux bridge cmdlets.'
        }
    }
}
