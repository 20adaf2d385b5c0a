<#
.SYNOPSIS
    Builds, tests, documents and packages XHostNet (pwsh 7+).
.DESCRIPTION
    Build   : dotnet build; lays out the importable module folder out/XHostNet/ (manifest, format file, assemblies).
    Test    : the xunit suite, then tests/Pester with the pinned Pester (tests/run.sh fetches pwsh and Pester, runs both, counts both).
    Docs    : docs/en-US/*.md -> out/XHostNet/en-US (XHostNet.dll-Help.xml, about_XHostNet.help.txt) with PlatyPS where
              installed; every Build already makes the same files with the build's own step (src/XHostNet.Help/XHostNetHelp.cs).
    Package : out/packages/XHostNet.<version>.nupkg with Publish-PSResource (PSResourceGet ships in pwsh 7.4+), a local
              folder repository that Install-PSResource installs from (README, Install).
.EXAMPLE
    pwsh ./build.ps1 -Task Build, Package
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
            # The xunit suite, then the Pester suite with the pinned Pester in a fresh pwsh (tests/run.sh fetches it
            # and counts both; it also installs the Debian packages the root-only tests need).
            Invoke-Native dotnet @('test', "$root/tests/XHostNet.Tests", '-c', $Configuration)
            # This same pwsh; a dotnet-tool pwsh runs as `dotnet pwsh.dll`.
            $self = (Get-Process -Id $PID).Path
            $pwshDll = if ((Split-Path -Leaf $self) -like 'dotnet*') { @("$PSHOME/pwsh.dll") } else { @() }
            Invoke-Native $self ($pwshDll + @('-NoProfile', '-File', "$root/tests/Pester/run.ps1"))
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
            $version = (Import-PowerShellDataFile "$moduleDir/XHostNet.psd1").ModuleVersion
            $repo = Join-Path $root 'out/packages'
            New-Item -ItemType Directory -Force $repo | Out-Null
            Remove-Item "$repo/XHostNet.$version.nupkg" -ErrorAction Ignore # a rebuild replaces the package
            # Publish from a child pwsh whose home is a throwaway folder: PSResourceGet keeps its repository list per
            # user, so the user's list is never read or written, and two builds at once never share one file.
            $buildHome = Join-Path ([IO.Path]::GetTempPath()) ('xhostnet-package-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
            # The folders a home has: where .NET's special folders are missing, NuGet writes its config into the work tree.
            New-Item -ItemType Directory -Force "$buildHome/.config", "$buildHome/.local/share", "$buildHome/.cache" | Out-Null
            $names = 'HOME', 'XDG_DATA_HOME', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'TMPDIR'
            $saved = @{}
            foreach ($n in $names) { $saved[$n] = [Environment]::GetEnvironmentVariable($n) }
            try {
                foreach ($n in $names) { [Environment]::SetEnvironmentVariable($n, $null) }
                $env:HOME = $buildHome
                $env:TMPDIR = "$buildHome/.cache" # Publish-PSResource's own temp folders go away with the home
                & (Join-Path $PSHOME 'pwsh') -NoProfile -NonInteractive -Command {
                    param($Repository, $Module)
                    $ErrorActionPreference = 'Stop'
                    Register-PSResourceRepository -Name XHostNetBuild -Uri $Repository -Trusted
                    Publish-PSResource -Path $Module -Repository XHostNetBuild
                } -args $repo, $moduleDir
                if ($LASTEXITCODE -ne 0) { throw "Publish-PSResource failed (exit code $LASTEXITCODE)" }
            }
            finally {
                foreach ($n in $names) { [Environment]::SetEnvironmentVariable($n, $saved[$n]) }
                Remove-Item -Recurse -Force $buildHome -ErrorAction Ignore
            }
            Write-Host "Package written: $repo/XHostNet.$version.nupkg"
        }
    }
}
