# Measure-Ms: runs a script block Count times and returns the median and 90th percentile in milliseconds.
function Measure-Ms([scriptblock] $Block, [int] $Count) {
    $times = [System.Collections.Generic.List[double]]::new()
    for ($i = 0; $i -lt $Count; $i++) {
        $sw = [System.Diagnostics.Stopwatch]::StartNew()
        & $Block | Out-Null
        $times.Add($sw.Elapsed.TotalMilliseconds)
    }
    $times.Sort()
    [pscustomobject]@{ Median = [math]::Round($times[[int]($Count / 2)], 1); P90 = [math]::Round($times[[int]($Count * 0.9) - 1], 1) }
}
