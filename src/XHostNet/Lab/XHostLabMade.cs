using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using XHostNet.Execution;
using XHostNet.Linux;
using XHostNet.Ovs;
using XHostNet.Sessions;

namespace XHostNet.Lab
{
    /// <summary>What one New-XHostLab call made, so that when it fails it removes that and nothing else.</summary>
    public sealed class XHostLabMade
    {
        /// <summary>The name claim (the lab's directory, or the link to it) once this call holds it.</summary>
        public string? Claim { get; set; }
        public HashSet<string> Namespaces { get; } = new HashSet<string>(StringComparer.Ordinal);
        /// <summary>Links made in this machine's namespace and still there (a link moved into a lab namespace goes with it).</summary>
        public HashSet<string> Links { get; } = new HashSet<string>(StringComparer.Ordinal);

        public void Record(IEnumerable<CommandResult> results)
        {
            foreach (var argv in results.Where(r => r.Succeeded).Select(r => r.Command))
            {
                if (argv.Count > 3 && argv[0] == "ip" && argv[1] == "netns" && argv[2] == "add") Namespaces.Add(argv[3]);
                else if (argv.Count > 3 && argv[0] == "ip" && argv[1] == "link" && argv[2] == "add") Links.Add(argv[3]);
                else if (argv.Count > 5 && argv[0] == "ip" && argv[1] == "link" && argv[2] == "set" && argv[4] == "netns") Links.Remove(argv[3]);
            }
        }
    }
}
