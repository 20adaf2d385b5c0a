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
    /// <summary>One part of a lab: a namespace, a link of this machine, or a daemon (by its pid file), and whether it is there.</summary>
    public sealed class XHostLabPart
    {
        /// <summary>Switch, Host, Container, ManagementLink, ovsdb-server, ovs-vswitchd, dockerd, docker-keeper, sshd or etcd.</summary>
        public string Kind { get; set; } = "";
        /// <summary>The namespace's or link's name, or the daemon's pid file.</summary>
        public string Name { get; set; } = "";
        /// <summary>The host the part belongs to (1…), or null for the lab's switch and what it holds (etcd, its management link).</summary>
        public int? HostNumber { get; set; }
        /// <summary>A daemon's process id, when it runs and is the lab's.</summary>
        public int? ProcessId { get; set; }
        public bool Alive { get; set; }

        public override string ToString() => (HostNumber is int n ? $"h{n} " : "") + Kind;
    }
}
