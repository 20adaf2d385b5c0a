# The built module as a user's pipeline meets it, each check in a fresh pwsh process: it imports by path and by
# name without an error or a warning, its manifest passes Test-ModuleManifest, and it says the version,
# license and release notes the repository does.
BeforeAll {
    . "$PSScriptRoot/Support.ps1"
    $script:CmdletCount = (Import-PowerShellDataFile (Join-Path $RepoRoot 'XHostNet.psd1')).CmdletsToExport.Count
    # Anything an import writes, on any stream, is printed with its stream's name: only the report lines may appear.
    # (A fresh pwsh costs seconds on a loaded machine: one process by path, one by name, each checking several things.)
    $report = '; $m = Get-Module XHostNet; "imported $($m.Version) from $($m.ModuleBase) with $($m.ExportedCmdlets.Count) cmdlets"'
    $quietly = ' *>&1 | ForEach-Object { "STREAM $($_.GetType().Name): $_" }'
    $script:ByPath = Invoke-FreshPwsh ("Import-Module '$Manifest'" + $quietly + $report +
        "; `$t = Test-ModuleManifest '$Manifest'; `"manifest `$(`$t.Name) `$(`$t.Version) `$(`$t.ExportedCmdlets.Count)`"")
    $path = (Join-Path $RepoRoot 'out') + [IO.Path]::PathSeparator + $env:PSModulePath
    $script:ByName = Invoke-FreshPwsh ('Import-Module XHostNet' + $quietly + $report + '; (Invoke-XHostCommand echo hello).StandardOutput') @{ PSModulePath = $path }
}

Describe 'Import-Module' {
    It 'imports by path with no error, warning or other output' {
        $ByPath.Error | Should -BeNullOrEmpty
        ($ByPath.Output -split "`n")[0] | Should -BeExactly "imported $Version from $ModuleDir with $CmdletCount cmdlets"
        $ByPath.ExitCode | Should -Be 0
    }

    It 'imports by name from a PSModulePath that includes out/, with no error, warning or other output, and runs a cmdlet' {
        $ByName.Error | Should -BeNullOrEmpty
        $ByName.Output -split "`n" | Should -BeExactly @("imported $Version from $ModuleDir with $CmdletCount cmdlets", 'hello')
        $ByName.ExitCode | Should -Be 0
    }
}

Describe 'The manifest' {
    It 'passes Test-ModuleManifest' {
        ($ByPath.Output -split "`n")[1] | Should -BeExactly "manifest XHostNet $Version $CmdletCount"
        $ByPath.Error | Should -BeNullOrEmpty
    }

    It 'carries the version of Directory.Build.props, stamped at build, as does the assembly' {
        (Import-PowerShellDataFile $Manifest).ModuleVersion | Should -Be $Version
        [Reflection.AssemblyName]::GetAssemblyName((Join-Path $ModuleDir 'XHostNet.dll')).Version | Should -Be ([version]"$Version.0")
    }

    It 'gets its ModuleVersion from Directory.Build.props at build, whatever the source manifest says' {
        # The build's lay-out step (and what runs after it) alone, with another version, into a scratch module folder.
        $dir = Join-Path ([IO.Path]::GetTempPath()) ('xhp-stamp-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
        New-Item -ItemType Directory $dir | Out-Null
        try {
            & dotnet msbuild (Join-Path $RepoRoot 'src/XHostNet/XHostNet.csproj') -nologo -v:quiet -t:LayOutModule -p:Configuration=Release -p:Version=9.8.7 "-p:ModuleOutputDir=$dir/"
            $LASTEXITCODE | Should -Be 0
            (Import-PowerShellDataFile "$dir/XHostNet.psd1").ModuleVersion | Should -Be '9.8.7'
            $source = Get-Content (Join-Path $RepoRoot 'XHostNet.psd1')
            Compare-Object $source (Get-Content "$dir/XHostNet.psd1") | Where-Object { $_.InputObject -notmatch '^\s*ModuleVersion\s*=' } | Should -BeNullOrEmpty
        }
        finally { Remove-Item -Recurse -Force $dir }
    }

    It 'names no URL (the project has no public home) and ships the MIT license it claims' {
        Get-Content -Raw (Join-Path $RepoRoot 'XHostNet.psd1') | Should -Not -Match 'https?://'
        (Import-PowerShellDataFile $Manifest).Copyright | Should -Match 'MIT License'
        Get-Content -TotalCount 1 (Join-Path $ModuleDir 'LICENSE') | Should -BeExactly 'MIT License'
        Get-Content -Raw (Join-Path $ModuleDir 'LICENSE') | Should -BeExactly (Get-Content -Raw (Join-Path $RepoRoot 'LICENSE'))
    }

    It 'has release notes that point at the CHANGELOG, which has a section for the version' {
        (Import-PowerShellDataFile $Manifest).PrivateData.PSData.ReleaseNotes | Should -Match 'CHANGELOG\.md'
        Get-Content -Raw (Join-Path $RepoRoot 'CHANGELOG.md') | Should -Match "## \[$([regex]::Escape($Version))\]"
    }
}
