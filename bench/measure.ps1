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

# Measure-Side: runs each named script block Count times, taking turns within every iteration so that the load of a
# shared machine falls on all of them alike; returns one row per name with its median and 90th percentile in ms.
function Measure-Side([System.Collections.Specialized.OrderedDictionary] $Blocks, [int] $Count) {
    $times = [ordered]@{}
    foreach ($name in $Blocks.Keys) { $times[$name] = [System.Collections.Generic.List[double]]::new() }
    for ($i = 0; $i -lt $Count; $i++) {
        foreach ($name in $Blocks.Keys) {
            $sw = [System.Diagnostics.Stopwatch]::StartNew()
            & $Blocks[$name] | Out-Null
            $times[$name].Add($sw.Elapsed.TotalMilliseconds)
        }
    }
    foreach ($name in $Blocks.Keys) {
        $t = $times[$name]; $t.Sort()
        [pscustomobject]@{ Name = $name; Median = [math]::Round($t[[int]($Count / 2)], 1); P90 = [math]::Round($t[[int]($Count * 0.9) - 1], 1) }
    }
}
