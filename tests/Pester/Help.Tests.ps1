# What a user's pipeline checks of the help: every exported cmdlet documented through Get-Help in real pwsh.
BeforeDiscovery {
    Import-Module "$PSScriptRoot/../../out/XHostNet/XHostNet.psd1" -Force
    $script:Cmdlets = (Get-Command -Module XHostNet -CommandType Cmdlet).Name | Sort-Object
}

BeforeAll {
    Import-Module "$PSScriptRoot/../../out/XHostNet/XHostNet.psd1" -Force
    $script:Common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
}

Describe 'Get-Help <_>' -ForEach $Cmdlets {
    BeforeAll {
        $script:Help = Get-Help $_ -Full
        $script:Parameters = (Get-Command $_).Parameters.Keys | Where-Object { $_ -notin $Common }
    }

    It 'has a synopsis and a description' {
        $Help.Synopsis | Should -Not -BeNullOrEmpty
        $Help.Synopsis | Should -Not -Match '^\s*\S+\s+\[' # not the bare syntax Get-Help shows without MAML
        ($Help.description.Text -join "`n") | Should -Not -BeNullOrEmpty
    }

    It 'has at least one example with code' {
        @($Help.examples.example).Count | Should -BeGreaterThan 0
        @($Help.examples.example)[0].code | Should -Not -BeNullOrEmpty
    }

    It 'describes every parameter' {
        foreach ($name in $Parameters) {
            $parameter = $Help.parameters.parameter | Where-Object name -eq $name
            $parameter | Should -Not -BeNullOrEmpty -Because "-$name is a parameter of $_"
            ($parameter.description.Text -join '') | Should -Not -BeNullOrEmpty -Because "-$name needs a description"
        }
    }
}

Describe 'about_XHostNet' {
    It 'is found by Get-Help' {
        $about = Get-Help about_XHostNet
        ($about | Out-String) | Should -Match 'SESSIONS'
    }
}
