# The runbooks in tests/scenarios under Pester, for those who have pwsh and Pester.
# The xunit suite (tests/XHostNet.Tests, ScenarioTests) runs the very same files in the hosted engine.
BeforeDiscovery {
    $script:Runbooks = Get-ChildItem -Path "$PSScriptRoot/../scenarios" -Filter *.ps1 | ForEach-Object FullName
    $script:IsRoot = (id -u) -eq '0'
}

BeforeAll {
    Import-Module "$PSScriptRoot/../../out/XHostNet/XHostNet.psd1" -Force
}

Describe 'Runbook <_>' -ForEach $Runbooks {
    It 'passes against a throwaway network namespace' -Skip:(-not $IsRoot) {
        $ns = 'xhp-' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        Invoke-XHostCommand ip netns add $ns | Out-Null
        try {
            $session = New-XHostSession -NetworkNamespace $ns
            { & $_ -Session $session } | Should -Not -Throw
        }
        finally {
            Invoke-XHostCommand ip netns delete $ns | Out-Null
        }
    }
}
