using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using XHostNet.Sessions;

namespace XHostNet.Lab
{
    /// <summary>A lab on this machine as Get-XHostLab finds it: what New-XHostLab recorded, and which of its parts are alive.</summary>
    public sealed class XHostLab
    {
        public string Name { get; set; } = "";
        public int HostCount { get; set; }
        /// <summary>The hosts' network namespaces (NAME-h1…).</summary>
        public string[] Hosts { get; set; } = Array.Empty<string>();
        public string Directory { get; set; } = "";
        public bool Ovs { get; set; }
        public bool Docker { get; set; }
        public bool Ssh { get; set; }
        public XHostLabPart[] Parts { get; set; } = Array.Empty<XHostLabPart>();
        /// <summary>Whether every part is there: a lab with a dead daemon or a missing namespace is stale.</summary>
        public bool Alive => Parts.All(p => p.Alive);
        /// <summary>The parts that are not alive, e.g. "h1 ovsdb-server, h2 dockerd"; empty when none.</summary>
        public string Down => string.Join(", ", Parts.Where(p => !p.Alive).Select(p => p.ToString()));
    }
}
