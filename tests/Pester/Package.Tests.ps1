# The package as a user installs it (README, Install): out/packages/XHostNet.<version>.nupkg, made by
# `build.ps1 -Task Package` (tests/run.sh runs `build.ps1 -Task Build, Package` first), installs with
# Install-PSResource from a local folder repository into an empty module path, imports by name in a fresh pwsh and
# runs a cmdlet. Each pwsh here has a throwaway HOME, so PSResourceGet's and PowerShell's per-user folders start empty.
BeforeAll {
    . "$PSScriptRoot/Support.ps1"
    $script:Packages = Join-Path $RepoRoot 'out/packages'
    $script:Home1 = Join-Path ([IO.Path]::GetTempPath()) ('xhp-home-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    $script:Home2 = "$Home1-b"
    # As a user's home has them: where .NET's special folders are missing, NuGet (under Publish-PSResource) writes its
    # config relative to the current directory instead.
    New-Item -ItemType Directory $Home1, $Home2, "$Home1/.config", "$Home2/.config", "$Home1/.local/share", "$Home2/.local/share" | Out-Null
    # Only HOME decides where the per-user module path and PSResourceGet's repository file are.
    function Get-Environment($HomeDir) { @{ HOME = $HomeDir; XDG_DATA_HOME = $null; XDG_CONFIG_HOME = $null; XDG_CACHE_HOME = $null; PSModulePath = $null } }
    $configPath = '[Environment]::GetFolderPath(''LocalApplicationData'', ''DoNotVerify'') + ''/PSResourceGet/PSResourceRepository.xml'''

    $script:Install = Invoke-FreshPwsh (@(
            '$ErrorActionPreference = ''Stop'''
            "Register-PSResourceRepository -Name XHostNetLocal -Uri '$Packages'"
            'Install-PSResource XHostNet -Repository XHostNetLocal -TrustRepository -Scope CurrentUser'
            '$r = Get-InstalledPSResource XHostNet; "installed $($r.Name) $($r.Version) in $($r.InstalledLocation)"'
        ) -join '; ') (Get-Environment $Home1)
    $script:Import = Invoke-FreshPwsh (@(
            '$ErrorActionPreference = ''Stop'''
            'Import-Module XHostNet'
            '"imported $((Get-Module XHostNet).Version) from $((Get-Module XHostNet).ModuleBase)"'
            '(Invoke-XHostCommand echo works).StandardOutput'
        ) -join '; ') (Get-Environment $Home1)
    # build.ps1 -Task Package with no PSResourceGet config, then with one of the user's own: both left as they were.
    $script:Leaves = Invoke-FreshPwsh (@(
            '$ErrorActionPreference = ''Stop'''
            "`$config = $configPath"
            "& '$RepoRoot/build.ps1' -Task Package 6>`$null"
            '"config after a Package where there was none: $(Test-Path $config)"'
            'Register-PSResourceRepository -Name Mine -Uri /nonexistent -Priority 7'
            '$before = Get-Content -Raw $config'
            "& '$RepoRoot/build.ps1' -Task Package 6>`$null"
            '"config unchanged: $($before -eq (Get-Content -Raw $config))"'
            '"repositories: $((Get-PSResourceRepository).Name | Sort-Object)"'
        ) -join '; ') (Get-Environment $Home2)
}

AfterAll {
    Remove-Item -Recurse -Force $Home1, $Home2 -ErrorAction Ignore
}

Describe 'The package' {
    It 'exists, named after the version' {
        Join-Path $Packages "XHostNet.$Version.nupkg" | Should -Exist
    }

    It 'installs with Install-PSResource into an empty per-user module path' {
        $Install.Error | Should -BeNullOrEmpty
        $Install.Output | Should -BeExactly "installed XHostNet $Version in $Home1/.local/share/powershell/Modules"
    }

    It 'imports by name in a fresh pwsh from where it was installed, and runs a cmdlet' {
        $Import.Error | Should -BeNullOrEmpty
        $Import.Output -split "`n" | Should -BeExactly @("imported $Version from $Home1/.local/share/powershell/Modules/XHostNet/$Version", 'works')
    }
}

Describe 'build.ps1 -Task Package' {
    It "leaves the user's PSResourceGet repositories as they were" {
        $Leaves.Error | Should -BeNullOrEmpty
        $Leaves.Output -split "`n" | Should -BeExactly @(
            'config after a Package where there was none: False'
            'config unchanged: True'
            'repositories: Mine PSGallery')
        Join-Path $RepoRoot 'NuGet' | Should -Not -Exist -Because 'publishing must not leave a NuGet config in the work tree'
    }
}
