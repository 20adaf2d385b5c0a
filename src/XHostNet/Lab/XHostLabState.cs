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
    /// <summary>What New-XHostLab made, written to NAME's directory first so Remove-XHostLab finds it even after a failed run.</summary>
    public sealed class XHostLabState
    {
        public string Name { get; set; } = "";
        public string Directory { get; set; } = "";
        public int HostCount { get; set; }
        public string Network { get; set; } = "";
        public bool Ovs { get; set; }
        public bool Docker { get; set; }
        /// <summary>Extra dockerd arguments, as a host's service unit would pass them.</summary>
        public List<string> DockerArguments { get; set; } = new List<string>();
        /// <summary>One container subnet per host, or none: host n then gets a container namespace with that subnet's 2nd address.</summary>
        public List<string> ContainerSubnets { get; set; } = new List<string>();
        public int ContainerMtu { get; set; } = 1500;
        public bool Ssh { get; set; }
        /// <summary>The network the management links' /30s come from (recorded for every lab; used with -Ssh).</summary>
        public string ManagementNetwork { get; set; } = XHostLabSpec.DefaultManagementNetwork.ToString();
        /// <summary>Each host's sshd address (on its management link from this machine), when the lab has -Ssh.</summary>
        public List<string> SshAddresses { get; set; } = new List<string>();

        public string HostNamespace(int n) => $"{Name}-h{n}";
        public string ContainerNamespace(int n) => $"{Name}-c{n}";
        public string SwitchNamespace => Name + "-sw";
        public string HostDirectory(int n) => $"{Directory}/h{n}";
        public string HostAddress(int n) => Address(n).ToString();

        /// <summary>Host n's underlay address: the network's n-th address.</summary>
        public InterfaceAddress Address(int n) => InterfaceAddress.Parse(Network).Plus(n);
    }
}
