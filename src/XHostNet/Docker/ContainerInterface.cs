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
    /// <summary>One network interface inside a container, as its network namespace reports it.</summary>
    public sealed class ContainerInterface
    {
        public string Container { get; set; } = "";
        public string ContainerId { get; set; } = "";
        public string Name { get; set; } = "";
        public string[] Addresses { get; set; } = Array.Empty<string>();
        public int Mtu { get; set; }
        public string MacAddress { get; set; } = "";
        /// <summary>The host side of the interface's veth pair and the bridge it is a port of, when known.</summary>
        public string? HostInterface { get; set; }
        public string? Bridge { get; set; }
        public string Host => Session?.Host ?? "local";
        public XHostSession? Session { get; set; }

        public override string ToString() => $"{Container}:{Name}";
    }
}
