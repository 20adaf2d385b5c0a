<#
.SYNOPSIS
    Prints what importing XHostNet costs a fresh pwsh: pwsh's own start (-NoProfile), the start plus Import-Module,
    and the start plus the import plus a first cmdlet call, each as a median of fresh processes and as a ratio of
    pwsh's start; then xhostnet-shell's start (engine + module) next to it. Run under pwsh: pwsh bench/import.ps1
    (bench/run.sh does when pwsh is installed).
#>
param([int] $Iterations = 7)
$ErrorActionPreference = 'Stop'
. "$PSScriptRoot/measure.ps1"

$pwsh = Join-Path $PSHOME 'pwsh'
$manifest = (Resolve-Path "$PSScriptRoot/../out/XHostNet/XHostNet.psd1").Path
$start = Measure-Ms { & $pwsh -NoProfile -NonInteractive -Command 'exit 0' } $Iterations
$import = Measure-Ms { & $pwsh -NoProfile -NonInteractive -Command "Import-Module '$manifest'; exit 0" } $Iterations
$first = Measure-Ms { & $pwsh -NoProfile -NonInteractive -Command "Import-Module '$manifest'; Invoke-XHostCommand true | Out-Null; exit 0" } $Iterations
"XHostNet import in fresh pwsh $($PSVersionTable.PSVersion) processes, median of $Iterations, $([datetime]::UtcNow.ToString("s"))Z"
"{0,-40} median {1,7} ms  p90 {2,7} ms" -f 'pwsh -NoProfile start', $start.Median, $start.P90
"{0,-40} median {1,7} ms  p90 {2,7} ms  x{3:0.00}  (import adds {4} ms)" -f '+ Import-Module XHostNet', $import.Median, $import.P90, ($import.Median / $start.Median), [math]::Round($import.Median - $start.Median)
"{0,-40} median {1,7} ms  p90 {2,7} ms  x{3:0.00}  (first call adds {4} ms)" -f '+ first cmdlet (Invoke-XHostCommand true)', $first.Median, $first.P90, ($first.Median / $start.Median), [math]::Round($first.Median - $import.Median)
$shell = (Resolve-Path "$PSScriptRoot/../src/XHostNet.Host/bin/Release/net10.0/xhostnet-shell" -ErrorAction SilentlyContinue).Path
if ($shell) {
    $hosted = Measure-Ms { & $shell -Command '$null' } $Iterations
    "{0,-40} median {1,7} ms  p90 {2,7} ms  x{3:0.00}  (next to pwsh + import: x{4:0.00})" -f 'xhostnet-shell (engine + module)', $hosted.Median, $hosted.P90, ($hosted.Median / $start.Median), ($hosted.Median / $import.Median)
}
