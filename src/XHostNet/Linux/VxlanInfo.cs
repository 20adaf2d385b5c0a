using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json;
using XHostNet.Execution;

namespace XHostNet.Linux
{
    /// <summary>linkinfo.info_data of a kernel VXLAN device.</summary>
    public sealed class VxlanInfo
    {
        public int Id { get; set; }
        public string? Remote { get; set; }
        public string? Local { get; set; }
        /// <summary>The underlay device the VXLAN is bound to (ip link add … dev X), if any.</summary>
        public string? Device { get; set; }
        public int Port { get; set; }
    }
}
