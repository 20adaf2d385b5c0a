using System;
using System.Collections.Generic;
using System.Linq;

namespace XHostNet.Docker
{
    /// <summary>One bridge setting and where it was found.</summary>
    public sealed class DockerSetting
    {
        public DockerSetting(string name, string value, string source)
        {
            Name = name;
            Value = value;
            Source = source;
        }

        /// <summary>The daemon.json name: bridge, bip, fixed-cidr, mtu, default-address-pools.</summary>
        public string Name { get; }
        public string Value { get; }
        /// <summary>Where it was found: the daemon.json path, "/etc/sysconfig/docker OPTIONS", "systemd ExecStart" or "dockerd command line".</summary>
        public string Source { get; }

        public override string ToString() => $"{Name}={Value} ({Source})";
    }
}
