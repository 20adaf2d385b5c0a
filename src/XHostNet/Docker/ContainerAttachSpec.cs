using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using XHostNet.Linux;
using XHostNet.Planning;
using XHostNet.Sessions;

namespace XHostNet.Docker
{
    /// <summary>What Connect-ContainerNetwork asks for.</summary>
    public sealed class ContainerAttachSpec
    {
        public string Bridge { get; set; } = "";
        public InterfaceAddress Address { get; set; } = null!;
        public System.Net.IPAddress? Gateway { get; set; }
        /// <summary>The interface's name inside the container; null picks the first free ethN.</summary>
        public string? InterfaceName { get; set; }
    }
}
