<#
.SYNOPSIS
    Runs tests/Pester with the pinned Pester (tests/run.sh fetches it) and writes "passed failed skipped" to -CountFile.
#>
param(
    [string] $PesterManifest = (Join-Path ($env:NUGET_PACKAGES ?? "$HOME/.nuget/packages") 'pester/6.2.0/tools/Pester.psd1'),
    [string] $ResultDirectory = [System.IO.Path]::GetTempPath(),
    [string] $CountFile
)
$ErrorActionPreference = 'Stop'
if (-not (Test-Path $PesterManifest)) { throw "Pester 6.2.0 is not at $PesterManifest; tests/run.sh fetches it." }
Import-Module $PesterManifest -Force
$config = New-PesterConfiguration
$config.Run.Path = $PSScriptRoot
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
$config.TestResult.Enabled = $true
$config.TestResult.OutputFormat = 'NUnitXml'
$config.TestResult.OutputPath = Join-Path $ResultDirectory 'pester.xml'
$result = Invoke-Pester -Configuration $config

# A failed BeforeAll fails its tests too, but a file that does not parse has no tests to fail: count it then.
$failed = $result.FailedCount
if ($failed -eq 0) { $failed = $result.FailedBlocksCount + $result.FailedContainersCount }
$skipped = $result.SkippedCount + $result.NotRunCount
if ($CountFile) { "$($result.PassedCount) $failed $skipped" | Set-Content $CountFile }
exit ([int]($failed -gt 0))
