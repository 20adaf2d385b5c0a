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
    public sealed class GetFlannelSubnetCommand : XHostCmdlet
    {
        [Parameter(Position = 0)]
        [ValidatePattern(@"^/[^\s\p{Cc}]+\z", Options = RegexOptions.CultureInvariant)]
        public string Path { get; set; } = FlannelSubnet.DefaultPath;

        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SessionArgument]
        [ArgumentCompleter(typeof(SessionCompleter))]
        public XHostSession[]? Session { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var outcome in OnEach(SessionsOrLocal(Session), async (s, ct) =>
                     {
                         var result = await s.RunAsync(new[] { "cat", Path }, ct).ConfigureAwait(false);
                         if (!result.Succeeded && result.StandardError.Contains("No such file"))
                             throw new XHostException(XHostErrorKind.NotFound, ErrorIds.FlannelSubnetNotFound,
                                 $"There is no {Path} on host '{s.Host}': flanneld writes it once it has a lease (is flanneld running?).");
                         try
                         {
                             var subnet = FlannelSubnet.Parse(result.EnsureSuccess().StandardOutput, Path);
                             subnet.Session = s;
                             return subnet;
                         }
                         catch (System.FormatException ex)
                         {
                             throw new XHostException(XHostErrorKind.InvalidArgument, ErrorIds.FlannelSubnetUnparsable, $"On host '{s.Host}': {ex.Message}");
                         }
                     }))
            {
                if (outcome.Error != null) WriteHostError(outcome.Error, outcome.Item);
                else WriteObject(outcome.Value);
            }
        }
    }
}
