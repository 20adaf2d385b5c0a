# XHostNet's SSH.NET lives in a load context of its own: a pwsh process that already loaded another assembly named
# Renci.SshNet (as Posh-SSH does) can still open XHostNet SSH sessions, and the other assembly keeps working.
BeforeDiscovery {
    $script:IsRoot = (id -u) -eq '0'
}

BeforeAll {
    $script:Manifest = (Resolve-Path "$PSScriptRoot/../../out/XHostNet/XHostNet.psd1").Path
    $script:Work = Join-Path ([System.IO.Path]::GetTempPath()) ('xhp-sbs-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    New-Item -ItemType Directory $Work | Out-Null
}

AfterAll {
    Remove-Item -Recurse -Force $Work -ErrorAction SilentlyContinue
}

Describe 'SSH.NET side by side with another module''s copy' {
    It 'opens an SSH session and runs a command after another Renci.SshNet was loaded' -Skip:(-not $IsRoot) {
        $lab = 'xs' + [guid]::NewGuid().ToString('N').Substring(0, 6)
        # One fresh pwsh: build an assembly named Renci.SshNet (version 2020.0.1.0, as Posh-SSH's era) with the
        # compiler that ships with pwsh, load it, then import XHostNet and use SSH through a lab host's sshd.
        $script = {
            param($Manifest, $Work, $Lab)
            $ErrorActionPreference = 'Stop'
            Add-Type -TypeDefinition 'public static class XhnWarmRoslyn {}'
            $code = '[assembly: System.Reflection.AssemblyVersion("2020.0.1.0")] namespace Renci.SshNet { public class SshClient { public static string Who = "the other module"; } }'
            $refs = [System.Collections.Generic.List[Microsoft.CodeAnalysis.MetadataReference]]::new()
            foreach ($a in 'System.Private.CoreLib', 'System.Runtime') {
                $refs.Add([Microsoft.CodeAnalysis.MetadataReference]::CreateFromFile([System.Reflection.Assembly]::Load($a).Location))
            }
            $compilation = [Microsoft.CodeAnalysis.CSharp.CSharpCompilation]::Create('Renci.SshNet',
                [Microsoft.CodeAnalysis.SyntaxTree[]] @([Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree]::ParseText($code)), $refs,
                [Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions]::new([Microsoft.CodeAnalysis.OutputKind]::DynamicallyLinkedLibrary))
            $path = Join-Path $Work 'Renci.SshNet.dll'
            $stream = [System.IO.File]::Create($path)
            try { if (-not $compilation.Emit($stream).Success) { throw 'could not build the stand-in Renci.SshNet' } } finally { $stream.Dispose() }
            Add-Type -Path $path

            Import-Module $Manifest
            try {
                $session = New-XHostLab 1 -Name $Lab -Ssh
                [pscustomobject]@{
                    Kind     = "$($session.Kind)"
                    Uid      = (Invoke-XHostCommand -Session $session id -u).StandardOutput.Trim()
                    Other    = [Renci.SshNet.SshClient]::Who
                    Versions = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Renci.SshNet' } |
                        ForEach-Object { $_.GetName().Version.ToString() } | Sort-Object
                }
            }
            finally {
                Remove-XHostLab $Lab -Confirm:$false
            }
        }
        try {
            $out = & (Join-Path $PSHOME 'pwsh') -NoProfile -OutputFormat Xml -Command $script -args $Manifest, $Work, $lab
            $LASTEXITCODE | Should -Be 0
            $out.Kind | Should -Be 'Ssh'
            $out.Uid | Should -Be '0'
            $out.Other | Should -Be 'the other module'
            $out.Versions | Should -Be @('2020.0.1.0', '2026.0.0.1')
        }
        finally {
            Import-Module $Manifest
            Remove-XHostLab $lab -Confirm:$false -ErrorAction SilentlyContinue
        }
    }
}
