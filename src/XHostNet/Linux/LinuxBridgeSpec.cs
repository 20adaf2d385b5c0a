using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using XHostNet.Planning;
using XHostNet.Sessions;

namespace XHostNet.Linux
{
    /// <summary>What New-LinuxBridge asks for. Null means "whatever the host has" (or the kernel default for a new bridge).</summary>
    public sealed class LinuxBridgeSpec
    {
        public string Name { get; set; } = "";
        public IReadOnlyList<InterfaceAddress>? Addresses { get; set; }
        public int? Mtu { get; set; }
        public bool? Stp { get; set; }
    }
}
