# Tab completion as pwsh asks for it (TabExpansion2), against this machine and a throwaway namespace session.
BeforeDiscovery {
    $script:IsRoot = (id -u) -eq '0'
}

BeforeAll {
    Import-Module "$PSScriptRoot/../../out/XHostNet/XHostNet.psd1" -Force
    function Complete([string] $Line) {
        (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches.CompletionText
    }
    $script:Tag = [guid]::NewGuid().ToString('N').Substring(0, 6)
}

AfterAll {
    Get-XHostSession | Remove-XHostSession
}

Describe 'Completion of sessions' {
    It 'offers session names for -Session and Get-XHostSession -Name, and binds by name' {
        $made = New-XHostSession -Name "xhp-c-$Tag"
        Complete "Invoke-XHostCommand -Session xhp-c-$($Tag.Substring(0, 3))" | Should -Be "xhp-c-$Tag"
        Complete "Get-XHostSession -Name xhp-c-" | Should -Contain "xhp-c-$Tag"
        (Invoke-XHostCommand -Session "xhp-c-$Tag" true).Host | Should -Be 'local'
        (Invoke-XHostCommand -Session $made.Id true).Host | Should -Be 'local'
    }
}

Describe 'Completion from a host' {
    BeforeAll {
        $script:Ns = "xhp-c-$Tag"
        if ($IsRoot) {
            ip netns add $Ns
            ip -n $Ns link add xpcveth0 type veth peer name xpcveth1
            ip -n $Ns link add xpcbr0 type bridge
        }
    }
    AfterAll {
        if ($IsRoot) { ip netns delete $Ns }
    }

    It 'offers namespaces, and the interfaces and bridges of the session''s host' -Skip:(-not $IsRoot) {
        Complete 'New-XHostSession -NetworkNamespace xhp-c-' | Should -Contain $Ns
        $s = New-XHostSession -NetworkNamespace $Ns
        Complete 'Add-LinuxBridgePort xpcbr0 -Session $s -Interface xpcv' | Should -Be @('xpcveth0', 'xpcveth1')
        Complete 'Get-LinuxBridge -Session $s -Name xpc' | Should -Be 'xpcbr0'
        ('xpcbr0' | Get-LinuxBridge -Session $s).Name | Should -Be 'xpcbr0'
    }
}
