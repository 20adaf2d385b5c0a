<#
.SYNOPSIS
    Builds, tests, documents and packages XHostNet (pwsh 7+).
.DESCRIPTION
    Build   : dotnet build; lays out the importable module folder out/XHostNet/ (manifest, format file, assemblies).
    Test    : the full xunit suite (tests/run.sh does the same plus Debian packages), then Pester where installed.
    Docs    : docs/en-US/*.md -> out/XHostNet/en-US (XHostNet.dll-Help.xml, about_XHostNet.help.txt) with PlatyPS where
              installed; every Build already makes the same files with the build's own step (src/XHostNet.Help/XHostNetHelp.cs).
    Package : a .nupkg of the module folder in out/ (Publish-PSResource/Publish-Module format) where PSResourceGet is installed,
              else a .zip of out/XHostNet.
.EXAMPLE
    ./build.ps1 -Task Build, Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Docs', 'Package')]
    [string[]] $Task = @('Build'),
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)
$ErrorActionPreference = 'Stop'
$root = $PSScriptRoot
$moduleDir = Join-Path $root 'out/XHostNet'

function Invoke-Native([string] $File, [string[]] $Arguments) {
    & $File @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$File $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

foreach ($t in $Task) {
    switch ($t) {
        'Build' {
            Invoke-Native dotnet @('build', "$root/src/XHostNet", '-c', $Configuration)
            Invoke-Native dotnet @('build', "$root/src/XHostNet.Host", '-c', $Configuration)
            Write-Host "Module laid out in $moduleDir (Import-Module $moduleDir/XHostNet.psd1)"
        }
        'Test' {
            Invoke-Native dotnet @('test', "$root/tests/XHostNet.Tests", '-c', $Configuration)
            if (Get-Module -ListAvailable Pester | Where-Object Version -ge '5.0') {
                $result = Invoke-Pester -Path "$root/tests/Pester" -PassThru
                if ($result.FailedCount -gt 0) { throw "$($result.FailedCount) Pester tests failed" }
            }
            else { Write-Warning 'Pester 5 is not installed: the runbooks ran in the xunit suite only.' }
        }
        'Docs' {
            $helpDir = Join-Path $moduleDir 'en-US'
            if (Get-Module -ListAvailable platyPS) {
                # Overwrites the build's own help; the next build keeps it until a page changes.
                Import-Module platyPS
                New-ExternalHelp -Path "$root/docs/en-US" -OutputPath $helpDir -Force | Out-Null
                Write-Host "PlatyPS wrote the help to $helpDir"
            }
            else {
                Invoke-Native dotnet @('build', "$root/src/XHostNet", '-c', $Configuration)
                Write-Host "PlatyPS is not installed: the build's own step (src/XHostNet.Help/XHostNetHelp.cs) wrote the help to $helpDir"
            }
        }
        'Package' {
            if (-not (Test-Path "$moduleDir/XHostNet.dll")) { throw 'Run -Task Build first.' }
            if (Get-Command Publish-PSResource -ErrorAction SilentlyContinue) {
                $repo = Join-Path $root 'out/packages'
                New-Item -ItemType Directory -Force $repo | Out-Null
                if (-not (Get-PSResourceRepository -Name XHostNetLocal -ErrorAction SilentlyContinue)) {
                    Register-PSResourceRepository -Name XHostNetLocal -Uri $repo -Trusted
                }
                Publish-PSResource -Path $moduleDir -Repository XHostNetLocal
                Write-Host "Package written to $repo"
            }
            else {
                $version = (Import-PowerShellDataFile "$root/XHostNet.psd1").ModuleVersion
                Compress-Archive -Path $moduleDir -DestinationPath "$root/out/XHostNet-$version.zip" -Force
                Write-Host "out/XHostNet-$version.zip written"
            }
        }
    }
}
