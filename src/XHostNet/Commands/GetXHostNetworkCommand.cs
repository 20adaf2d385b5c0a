using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;
using XHostNet.Network;
using XHostNet.Planning;
using XHostNet.PowerShell;

namespace XHostNet.Commands
{
    /// <summary>
    /// Get-XHostNetwork: reads the networks recorded on each host (one round trip a host) and says where the host now
    /// differs from what Connect-XHostNetwork made (drift), with the subnet lease a network holds in the shared store.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "XHostNetwork")]
    [OutputType(typeof(XHostNetwork))]
    public sealed class GetXHostNetworkCommand : HostCmdlet
    {
        /// <summary>Networks to show (wildcards allowed); all when left out.</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        [ValidatePattern(@"^[A-Za-z0-9*?\[\]][A-Za-z0-9_.*?\[\]-]{0,63}\z", Options = RegexOptions.CultureInvariant)]
        public string[]? Name { get; set; }

        [Parameter]
        [ValidatePattern(@"^/[^\s\p{Cc}]+\z", Options = RegexOptions.CultureInvariant)]
        public string? RecordDirectory { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var outcome in OnEach(Sessions, async (s, ct) =>
                await (await (await (await NetworkHostRead.ReadAsync(s, OvsNeed.IfAvailable, RecordDirectory, ct).ConfigureAwait(false)).WithDockerAsync(false, null, ct).ConfigureAwait(false))
                    .WithBootConfigAsync(null, ct).ConfigureAwait(false)).WithSubnetFilesAsync(null, ct).ConfigureAwait(false)))
            {
                if (outcome.Error != null)
                {
                    WriteHostError(outcome.Error, outcome.Item);
                    continue;
                }
                var read = outcome.Value;
                var networks = new System.Collections.Generic.List<XHostNetwork>();
                foreach (var name in read.Records.Keys)
                {
                    try
                    {
                        networks.Add(XHostNetwork.From(read.Record(name)!, read));
                    }
                    catch (XHostException ex)
                    {
                        WriteHostError(ex, outcome.Item);
                    }
                }
                WriteMatching(networks, Name, n => n.Name, WildcardOptions.None, ErrorIds.NetworkNotFound,
                    name => $"Host '{read.Session.Host}' has no record of a network '{name}' in {read.RecordDirectory}.");
            }
        }
    }
}
