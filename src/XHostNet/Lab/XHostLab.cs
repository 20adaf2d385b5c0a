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
        /// <summary>The URL this machine reaches the lab's etcd at (New-XHostLab -Etcd), e.g. http://10.206.x.y:2379; empty without etcd.</summary>
        public string EtcdEndpoint { get; set; } = "";
        /// <summary>The URL the lab's hosts reach its etcd at, on the underlay (the network's last usable address); empty without etcd.</summary>
        public string EtcdUnderlayEndpoint { get; set; } = "";
        /// <summary>With -EtcdTls: the CA certificate file to trust; else empty.</summary>
        public string EtcdCa { get; set; } = "";
        /// <summary>With -EtcdTls: the client certificate file etcd accepts; else empty.</summary>
        public string EtcdCertificate { get; set; } = "";
        /// <summary>With -EtcdTls: the client certificate's key file; else empty.</summary>
        public string EtcdKey { get; set; } = "";
        public XHostLabPart[] Parts { get; set; } = Array.Empty<XHostLabPart>();
        /// <summary>Whether every part is there: a lab with a dead daemon or a missing namespace is stale.</summary>
        public bool Alive => Parts.All(p => p.Alive);
        /// <summary>The parts that are not alive, e.g. "h1 ovsdb-server, h2 dockerd"; empty when none.</summary>
        public string Down => string.Join(", ", Parts.Where(p => !p.Alive).Select(p => p.ToString()));
    }
}
