using System;
using System.Collections.Generic;
using System.Linq;
using XHostNet.Execution;
using XHostNet.Sessions;

namespace XHostNet.Ovs
{
    public sealed class OvsBridgeRow
    {
        public string Name { get; set; } = "";
        /// <summary>"" or "system" is the kernel datapath; "netdev" the userspace one.</summary>
        public string DatapathType { get; set; } = "";
        public IReadOnlyList<string> Ports { get; set; } = Array.Empty<string>();
    }
}
