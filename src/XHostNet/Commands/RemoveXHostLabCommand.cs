using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;
using System.Text.Json;
using XHostNet.Lab;
using XHostNet.PowerShell;
using XHostNet.Sessions;

namespace XHostNet.Commands
{
    /// <summary>Remove-XHostLab: removes everything a lab made — daemons, namespaces, links, files — even after a failed run, and closes its sessions.</summary>
    [Cmdlet(VerbsCommon.Remove, "XHostLab", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class RemoveXHostLabCommand : XHostCmdlet
    {
        /// <summary>The lab's name; a lab from Get-XHostLab binds here (and its Directory below) by property name.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidatePattern(@"^[a-z][a-z0-9]{0,7}\z", Options = RegexOptions.CultureInvariant)]
        [ArgumentCompleter(typeof(LabNameCompleter))]
        public string Name { get; set; } = "";

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidatePattern(@"^/[^\s\p{Cc}]+\z", Options = RegexOptions.CultureInvariant)]
        public string? Directory { get; set; }

        protected override void ProcessRecord()
        {
            var directory = Directory ?? XHostLabBuilder.ClaimPath(Name);
            var local = new XHostSession();
            var read = local.RunAsync(new[] { "cat", directory + "/" + XHostLabBuilder.StateFile }, StopToken).GetAwaiter().GetResult();
            if (!read.Succeeded)
            {
                // Parts named after the lab without its state file cannot be told from someone else's: say so, touch nothing.
                var parts = OnEach(new[] { local }, (s, ct) => XHostLabBuilder.ExistingPartsAsync(s, Name, ct))[0];
                if (parts.Error == null && parts.Value.Count > 0)
                {
                    WriteError(new ErrorRecord(new XHostException(XHostErrorKind.NotFound, ErrorIds.LabStateMissing,
                            $"Lab {Name} has no {directory}/{XHostLabBuilder.StateFile}, but parts named after it exist: {string.Join(", ", parts.Value)}. " +
                            "Without its state file they are not removed; delete them by hand (ip netns delete, ip link delete)."),
                        ErrorIds.LabStateMissing, ErrorCategory.ObjectNotFound, Name));
                    return;
                }
                // A claim with nothing behind it (a run killed before it wrote lab.json, a -Directory deleted) would keep the
                // name taken for ever: an empty claim directory or a link to nothing goes.
                if (Directory is null)
                    local.RunAsync(new[] { "sh", "-c", "if [ -L \"$1\" ]; then [ -e \"$1\" ] || rm -f \"$1\"; else rmdir \"$1\" 2>/dev/null; fi; true", "sh", directory }, StopToken)
                        .GetAwaiter().GetResult();
                WriteVerbose($"Lab {Name}: there is no {directory}/{XHostLabBuilder.StateFile}, so nothing to remove.");
                return;
            }
            var lab = JsonSerializer.Deserialize<XHostLabState>(read.StandardOutput)!;
            if (!ShouldProcess($"lab {Name}: {lab.HostCount} host(s), their daemons, namespaces and {lab.Directory}", "Remove lab " + Name)) return;
            foreach (var session in SessionRegistry.All(RunspaceScope).Where(s => IsLabHost(s, lab)).ToList())
            {
                SessionRegistry.Remove(session);
            }
            var outcome = OnEach(new[] { local }, (s, ct) => XHostLabBuilder.RemoveAsync(s, lab, null, ct))[0];
            if (outcome.Error != null)
            {
                WriteHostError(outcome.Error, Name);
                return;
            }
            // One error per part that stays, with the reason: a lab half removed must not look removed.
            foreach (var left in outcome.Value)
            {
                WriteError(new ErrorRecord(new XHostException(XHostErrorKind.Failed, ErrorIds.LabPartNotRemoved, $"Lab {Name}: could not remove {left}."),
                    ErrorIds.LabPartNotRemoved, ErrorCategory.ResourceBusy, Name));
            }
        }

        private static bool IsLabHost(XHostSession session, XHostLabState lab) => session.Kind == XHostSessionKind.Ssh
            ? lab.SshAddresses.Contains(session.HostName)
            : session.NetworkNamespace != null && session.NetworkNamespace.StartsWith(lab.Name + "-h");
    }
}
