# Each output type's table view in XHostNet.Format.ps1xml, as pwsh renders it: Format-Table on an object of the
# type shows the view's column headers (a view whose type name or file is wrong falls back to a list of properties).
BeforeDiscovery {
    . "$PSScriptRoot/Support.ps1"
    $format = [xml](Get-Content -Raw (Join-Path $RepoRoot 'src/XHostNet/XHostNet.Format.ps1xml'))
    $script:Views = foreach ($view in $format.Configuration.ViewDefinitions.View | Where-Object { $_.TableControl }) {
        @{
            Type    = $view.ViewSelectedBy.TypeName
            # A header without a label shows its column's property name.
            Headers = @(for ($i = 0; $i -lt $view.TableControl.TableHeaders.TableColumnHeader.Count; $i++) {
                    $h = @($view.TableControl.TableHeaders.TableColumnHeader)[$i]
                    $label = if ($h.Label) { $h.Label } else { @($view.TableControl.TableRowEntries.TableRowEntry.TableColumnItems.TableColumnItem)[$i].PropertyName }
                    @{ Label = $label; Width = [int]$h.Width }
                })
        }
    }
}

BeforeAll {
    . "$PSScriptRoot/Support.ps1"
    Import-Module $Manifest -Force
}

Describe 'Table view of <Type>' -ForEach $Views {
    It 'renders with its column headers' {
        $type = (Get-Module XHostNet).ImplementingAssembly.GetType($Type, $true)
        # The object as the module would make it, minus the constructor: enough for the view to be chosen and drawn.
        $object = [Runtime.CompilerServices.RuntimeHelpers]::GetUninitializedObject($type)
        $text = $object | Format-Table | Out-String -Width 400
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
}
