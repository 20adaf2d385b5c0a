using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;
using System.Text.Json;
using XHostNet.Lab;
using XHostNet.Sessions;

namespace XHostNet.Commands
{
    /// <summary>Remove-XHostLab: removes everything a lab made — daemons, namespaces, links, files — even after a failed run, and closes its sessions.</summary>
    [Cmdlet(VerbsCommon.Remove, "XHostLab", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class RemoveXHostLabCommand : XHostCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidatePattern(@"^[a-z][a-z0-9]{0,7}\z", Options = RegexOptions.CultureInvariant)]
        public string Name { get; set; } = "";

        [Parameter]
        [ValidatePattern(@"^/[^\s\p{Cc}]+\z", Options = RegexOptions.CultureInvariant)]
        public string? Directory { get; set; }

        protected override void ProcessRecord()
        {
            var directory = Directory ?? $"/run/xhostnet/labs/{Name}";
            var local = new XHostSession();
            var read = local.RunAsync(new[] { "cat", directory + "/" + XHostLabBuilder.StateFile }, StopToken).GetAwaiter().GetResult();
            if (!read.Succeeded)
            {
                WriteVerbose($"Lab {Name}: there is no {directory}/{XHostLabBuilder.StateFile}, so nothing to remove.");
                return;
            }
            var lab = JsonSerializer.Deserialize<XHostLabState>(read.StandardOutput)!;
            if (!ShouldProcess($"lab {Name}: {lab.HostCount} host(s), their daemons, namespaces and {lab.Directory}", "Remove lab " + Name)) return;
            foreach (var session in SessionRegistry.All(RunspaceScope).Where(s => IsLabHost(s, lab)).ToList())
            {
                SessionRegistry.Remove(session);
            }
            OnEach(new[] { local }, async (s, ct) => { await XHostLabBuilder.RemoveAsync(s, lab, ct).ConfigureAwait(false); return true; });
        }
    

        private static bool IsLabHost(XHostSession session, XHostLabState lab) => session.Kind == XHostSessionKind.Ssh
            ? lab.SshAddresses.Contains(session.HostName)
            : session.NetworkNamespace != null && session.NetworkNamespace.StartsWith(lab.Name + "-h");
    }
}
