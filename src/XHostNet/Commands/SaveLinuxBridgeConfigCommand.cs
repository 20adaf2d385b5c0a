using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Text.RegularExpressions;
using XHostNet.Persistence;
using XHostNet.PowerShell;

namespace XHostNet.Commands
{
    /// <summary>
    /// Save-LinuxBridgeConfig: writes a bridge as it is now (ports, addresses, gateways, routes, MTU) into the host's
    /// native network configuration, so it comes back after a reboot; detected or chosen format, backups, -WhatIf shows the files.
    /// </summary>
    [Cmdlet(VerbsData.Save, "LinuxBridgeConfig", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(LinuxBridgeConfig))]
    public sealed class SaveLinuxBridgeConfigCommand : PassThruCmdlet
    {
        /// <summary>The bridge to persist; a piped LinuxBridge binds here by its Name.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [NotSessionArgument]
        [ValidateInterfaceName]
        [ArgumentCompleter(typeof(BridgeNameCompleter))]
        public string Bridge { get; set; } = "";

        /// <summary>The format to write; by default the one the host uses.</summary>
        [Parameter]
        public BridgeConfigFormat Format { get; set; }

        /// <summary>The directory the configuration paths are under (/ on a real host).</summary>
        [Parameter]
        [ValidatePattern(@"^/[^\s\p{Cc}]*\z", Options = RegexOptions.CultureInvariant)]
        public string Root { get; set; } = "/";

        /// <summary>Replace an existing file (or comment out a stanza) that XHostNet did not write, after a backup.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            BridgeConfigFormat? format = MyInvocation.BoundParameters.ContainsKey(nameof(Format)) ? Format : (BridgeConfigFormat?)null;
            PlanAndApply("Save", async (session, ct) =>
            {
                var state = await BridgeConfigReader.ReadAsync(session, Root, live: true, ct).ConfigureAwait(false);
                var warnings = new List<string>();
                var spec = BridgeConfigReader.LiveSpec(state, Bridge, warnings);
                return BridgeConfigPlanner.PlanSave(state, spec, format, Force, DateTime.UtcNow, warnings);
            });
        }
    }
}
