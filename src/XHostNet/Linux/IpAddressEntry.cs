using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json;
using XHostNet.Execution;

namespace XHostNet.Linux
{
    /// <summary>An address as the kernel reports it, with its scope (global, link, host).</summary>
    public sealed class IpAddressEntry
    {
        public IpAddressEntry(InterfaceAddress address, string scope)
        {
            Address = address;
            Scope = scope;
        }

        public InterfaceAddress Address { get; }
        public string Scope { get; }
        /// <summary>Link-local and host addresses come and go with the link; only these count as configured.</summary>
        public bool IsConfigured => Scope != "link" && Scope != "host";
    }
}
