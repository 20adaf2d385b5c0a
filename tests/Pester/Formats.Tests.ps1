# Each output type's table view in XHostNet.Format.ps1xml, as pwsh renders it: Format-Table on an object of the
# type shows the view's column headers (a view whose type name or file is wrong falls back to a list of properties),
# and every heading is the name of a property of the type, so what a table shows can be asked for by name.
BeforeDiscovery {
    . "$PSScriptRoot/Support.ps1"
    $format = [xml](Get-Content -Raw (Join-Path $RepoRoot 'src/XHostNet/XHostNet.Format.ps1xml'))
    $script:Views = foreach ($view in $format.Configuration.ViewDefinitions.View | Where-Object { $_.TableControl }) {
        $items = @($view.TableControl.TableRowEntries.TableRowEntry.TableColumnItems.TableColumnItem)
        @{
            Type    = $view.ViewSelectedBy.TypeName
            # A header without a label shows its column's property name (or, for a script block, the script's text).
            Headers = @(for ($i = 0; $i -lt $items.Count; $i++) {
                    $h = @($view.TableControl.TableHeaders.TableColumnHeader)[$i]
                    $label = if ($h.Label) { $h.Label } elseif ($items[$i].PropertyName) { $items[$i].PropertyName } else { $items[$i].ScriptBlock }
                    @{ Label = $label; Width = [int]$h.Width; Property = $items[$i].PropertyName }
                })
        }
    }
}

BeforeAll {
    . "$PSScriptRoot/Support.ps1"
    Import-Module $Manifest -Force
    # The object as the module would make it, minus the constructor: enough for the view to be chosen and drawn.
    function New-ViewObject([string] $TypeName) {
        $type = (Get-Module XHostNet).ImplementingAssembly.GetType($TypeName, $true)
        [Runtime.CompilerServices.RuntimeHelpers]::GetUninitializedObject($type)
    }
}

Describe 'Table view of <Type>' -ForEach $Views {
    It 'renders with its column headers' {
        $text = New-ViewObject $Type | Format-Table | Out-String -Width 400
        # The header line is the one above the dashes that underline it (a GroupBy line comes before both).
        $lines = $text -split "`r?`n"
        $dashes = [array]::FindIndex($lines, [Predicate[string]] { param($l) $l -match '^[\s-]*-[\s-]*$' })
        $dashes | Should -BeGreaterThan 0 -Because "a table has a header underlined with dashes; got:`n$text"
        $headerLine = $lines[$dashes - 1]
        foreach ($h in $Headers) {
            # A label wider than its fixed column is cut to the width, ending in an ellipsis.
            $shown = if ($h.Width -and $h.Label.Length -gt $h.Width) { $h.Label.Substring(0, $h.Width - 1) } else { $h.Label }
            $headerLine | Should -Match ([regex]::Escape($shown)) -Because "the header line of $Type was: $headerLine"
        }
        $text | Should -Not -Match 'format-default|out-lineoutput|Exception'
    }

    It 'heads every column with a property of the type that Select-Object and Format-List find' {
        $object = New-ViewObject $Type
        foreach ($h in $Headers) {
            # A property of the type itself or of its type data (an alias added by a types.ps1xml of the module).
            $object.PSObject.Properties.Name | Should -Contain $h.Label -Because "the column '$($h.Label)' of $Type should name a property"
            # A column of a plain property shows that very property, not another one under its name.
            if ($h.Property) { $h.Property | Should -BeExactly $h.Label -Because "$Type's column '$($h.Label)' shows the property $($h.Property)" }
            ($object | Select-Object -Property $h.Label).PSObject.Properties.Name | Should -BeExactly $h.Label
            # Format-List leaves out a property the object does not have: the heading must come back as a line of its own.
            $object | Format-List -Property $h.Label | Out-String -Width 400 | Should -Match "(?m)^$([regex]::Escape($h.Label)) *:" -Because "Format-List $($h.Label) on $Type"
        }
    }
}
