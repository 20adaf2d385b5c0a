using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using XHostNet.Sessions;

namespace XHostNet.Linux
{
    /// <summary>Reads a host's links and bridges (one round trip: ip -j -d address show).</summary>
    public static class LinkReader
    {
        public static async Task<IReadOnlyList<IpLink>> ReadLinksAsync(XHostSession session, CancellationToken cancellationToken)
        {
            var result = await session.RunAsync(IpJson.ShowLinksCommand, cancellationToken).ConfigureAwait(false);
            return IpJson.ParseLinks(result.EnsureSuccess().StandardOutput);
        }

        public static async Task<IReadOnlyList<LinuxBridge>> ReadBridgesAsync(XHostSession session, CancellationToken cancellationToken)
        {
            var links = await ReadLinksAsync(session, cancellationToken).ConfigureAwait(false);
            return links.Where(l => l.Kind == "bridge").Select(l => LinuxBridge.FromLinks(l, links, session)).ToList();
        }
    }
}
