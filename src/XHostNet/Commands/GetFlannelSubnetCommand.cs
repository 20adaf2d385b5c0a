using System.Management.Automation;
using System.Text.RegularExpressions;
using XHostNet.Docker;
using XHostNet.PowerShell;
using XHostNet.Sessions;

namespace XHostNet.Commands
{
    /// <summary>Get-FlannelSubnet: reads a host's flannel lease (/run/flannel/subnet.env) into an object that pipes into Set-DockerBridge.</summary>
    [Cmdlet(VerbsCommon.Get, "FlannelSubnet")]
    [OutputType(typeof(FlannelSubnet))]
    public sealed class GetFlannelSubnetCommand : HostCmdlet
    {
        [Parameter(Position = 0)]
        [ValidatePattern(@"^/[^\s\p{Cc}]+\z", Options = RegexOptions.CultureInvariant)]
        public string Path { get; set; } = FlannelSubnet.DefaultPath;

        protected override void ProcessRecord()
        {
            foreach (var outcome in OnEach(Sessions, (s, ct) => FlannelSubnetReader.ReadAsync(s, Path, ct)))
            {
                if (outcome.Error != null) WriteHostError(outcome.Error, outcome.Item);
                else WriteObject(outcome.Value);
            }
        }
    }
}
