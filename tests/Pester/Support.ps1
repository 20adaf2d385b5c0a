# Shared by the Pester files (dot-sourced in BeforeAll/BeforeDiscovery): where things are, and a fresh pwsh process.
$script:RepoRoot = (Resolve-Path "$PSScriptRoot/../..").Path
$script:ModuleDir = Join-Path $RepoRoot 'out/XHostNet'
$script:Manifest = Join-Path $ModuleDir 'XHostNet.psd1'
$script:IsRoot = (id -u) -eq '0'
# Fresh processes run this same pwsh (the pinned 7.6.9 under tests/run.sh); a dotnet-tool pwsh runs as `dotnet pwsh.dll`.
$script:Pwsh = (Get-Process -Id $PID).Path
$script:PwshDll = if ((Split-Path -Leaf $Pwsh) -like 'dotnet*') { @("$PSHOME/pwsh.dll") } else { @() }
$script:Version = ([xml](Get-Content -Raw (Join-Path $RepoRoot 'Directory.Build.props'))).Project.PropertyGroup.Version

# Runs a command in a new pwsh process, as a user's pipeline would (-NoProfile -NonInteractive), with some
# environment variables set or (value $null) removed. Returns its exit code, standard output and standard error.
function Invoke-FreshPwsh([string] $Command, [hashtable] $Environment = @{}) {
    $info = [System.Diagnostics.ProcessStartInfo]::new($Pwsh)
    foreach ($a in @($PwshDll) + '-NoProfile', '-NonInteractive', '-Command', $Command) { $info.ArgumentList.Add($a) }
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.RedirectStandardInput = $true
    $info.Environment['NO_COLOR'] = '1'
    foreach ($k in $Environment.Keys) {
        if ($null -eq $Environment[$k]) { [void]$info.Environment.Remove($k) } else { $info.Environment[$k] = $Environment[$k] }
    }
    $p = [System.Diagnostics.Process]::Start($info)
    $p.StandardInput.Close()
    $err = $p.StandardError.ReadToEndAsync()
    $out = $p.StandardOutput.ReadToEnd()
    $p.WaitForExit()
    [pscustomobject]@{ ExitCode = $p.ExitCode; Output = $out.TrimEnd(); Error = $err.Result.TrimEnd() }
}
