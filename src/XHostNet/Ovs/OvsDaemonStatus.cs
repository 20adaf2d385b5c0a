using System;
using System.Collections.Generic;
using System.Linq;
using XHostNet.Execution;
using XHostNet.Planning;
using XHostNet.Sessions;

namespace XHostNet.Ovs
{
    /// <summary>Whether a host's Open vSwitch answers: its database (ovsdb-server) and its switch (ovs-vswitchd).</summary>
    public sealed class OvsDaemonStatus
    {
        /// <summary>The database the session's OVS commands use (ovs-vsctl --db).</summary>
        public string Database { get; set; } = "";
        /// <summary>Where the daemons keep their pid files and control sockets; null for a database reached over TCP/SSL.</summary>
        public string? RunDirectory { get; set; }
        public bool DatabaseRunning { get; set; }
        public bool SwitchRunning { get; set; }
        public string? Version { get; set; }
        /// <summary>Whether the kernel offers the Open vSwitch datapath; without it bridges need the userspace datapath (netdev).</summary>
        public bool KernelDatapath { get; set; }
        public string[] Bridges { get; set; } = Array.Empty<string>();
        /// <summary>The daemons' process ids from their pid files in RunDirectory, when they run.</summary>
        public int? DatabaseProcessId { get; set; }
        public int? SwitchProcessId { get; set; }
        /// <summary>What is wrong, in words, or null when both daemons answer.</summary>
        public string? Problem { get; set; }
        public bool IsRunning => DatabaseRunning && SwitchRunning;
        public string Host => Session?.Host ?? "local";
        public XHostSession? Session { get; set; }
    }
}
