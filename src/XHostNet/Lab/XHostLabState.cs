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
        /// <summary>The network the management links' /30s come from (recorded for every lab; used with -Ssh and -Etcd).</summary>
        public string ManagementNetwork { get; set; } = XHostLabSpec.DefaultManagementNetwork.ToString();
        /// <summary>Each host's sshd address (on its management link from this machine), when the lab has -Ssh.</summary>
        public List<string> SshAddresses { get; set; } = new List<string>();

        /// <summary>An etcd server of the lab's own in its switch namespace (New-XHostLab -Etcd, or -EtcdTls).</summary>
        public bool Etcd { get; set; }
        public bool EtcdTls { get; set; }
        /// <summary>The etcd server's end of its management link from this machine, when the lab has etcd.</summary>
        public string EtcdAddress { get; set; } = "";

        /// <summary>The URL this machine reaches the lab's etcd at (its management link), e.g. http://10.206.x.y:2379; empty without etcd.</summary>
        public string EtcdEndpoint => Etcd ? EtcdUrl(System.Net.IPAddress.Parse(EtcdAddress)) : "";
        /// <summary>The URL the lab's hosts reach etcd at: the switch's address on the underlay; empty without etcd.</summary>
        public string EtcdUnderlayEndpoint => Etcd ? EtcdUrl(EtcdUnderlayAddress().Address) : "";
        /// <summary>With -EtcdTls, the CA certificate etcd's server and client certificates are signed by; else empty.</summary>
        public string EtcdCa => EtcdTls ? EtcdDirectory + "/ca.crt" : "";
        /// <summary>With -EtcdTls, the client certificate etcd accepts; else empty.</summary>
        public string EtcdCertificate => EtcdTls ? EtcdDirectory + "/client.crt" : "";
        /// <summary>With -EtcdTls, the client certificate's key (mode 0600); else empty.</summary>
        public string EtcdKey => EtcdTls ? EtcdDirectory + "/client.key" : "";

        public string EtcdDirectory => Directory + "/etcd";

        /// <summary>The switch's underlay address, where etcd listens for the hosts: the network's last usable address.</summary>
        public InterfaceAddress EtcdUnderlayAddress()
        {
            var network = InterfaceAddress.Parse(Network);
            return network.Plus((int)((1L << ((network.IsIPv6 ? 128 : 32) - network.PrefixLength)) - 2));
        }

        private string EtcdUrl(System.Net.IPAddress address) =>
            (EtcdTls ? "https://" : "http://") + (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString()) + ":2379";

        public string HostNamespace(int n) => $"{Name}-h{n}";
        public string ContainerNamespace(int n) => $"{Name}-c{n}";
        public string SwitchNamespace => Name + "-sw";
        public string HostDirectory(int n) => $"{Directory}/h{n}";
        public string HostAddress(int n) => Address(n).ToString();

        /// <summary>Host n's underlay address: the network's n-th address.</summary>
        public InterfaceAddress Address(int n) => InterfaceAddress.Parse(Network).Plus(n);
    }
}
