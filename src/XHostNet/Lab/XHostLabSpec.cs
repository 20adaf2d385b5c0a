using System;
using System.Collections.Generic;
using System.Linq;
using XHostNet.Linux;

namespace XHostNet.Lab
{
    /// <summary>
    /// What New-XHostLab is asked for, checked as a whole before anything is made: <see cref="Validate"/> refuses what
    /// cannot work, <see cref="ToState"/> turns the rest into the state the builder makes and records.
    /// </summary>
    public sealed class XHostLabSpec
    {
        /// <summary>The narrowest IPv6 prefix length refused: a /96 holds 2^32 addresses, more than a lab's address arithmetic counts.</summary>
        public const int WidestIPv6PrefixRefused = 96;

        public static InterfaceAddress DefaultNetwork => InterfaceAddress.Parse("10.201.0.0/24");

        /// <summary>Where the management links of an SSH lab take their /30s unless told otherwise.</summary>
        public static InterfaceAddress DefaultManagementNetwork => InterfaceAddress.Parse("10.206.0.0/16");

        public string Name { get; set; } = "";
        public int HostCount { get; set; }
        /// <summary>The underlay network; host n gets its n-th address.</summary>
        public InterfaceAddress Network { get; set; } = DefaultNetwork;
        public bool Ovs { get; set; }
        public bool Docker { get; set; }
        /// <summary>Extra dockerd arguments for every host; null when none were given (an empty list is "given").</summary>
        public IReadOnlyList<string>? DockerArguments { get; set; }
        public bool Ssh { get; set; }
        /// <summary>An etcd server of the lab's own in its switch namespace; <see cref="EtcdTls"/> implies it.</summary>
        public bool Etcd { get; set; }
        /// <summary>The lab's etcd over https with client certificates (a CA, server and client certificate made for the lab).</summary>
        public bool EtcdTls { get; set; }
        /// <summary>One subnet per host, or null for no stand-in containers.</summary>
        public IReadOnlyList<InterfaceAddress>? ContainerSubnets { get; set; }
        public int ContainerMtu { get; set; } = 1500;
        /// <summary>Where the lab's state lives; null for the default, the lab's claim under the labs directory.</summary>
        public string? Directory { get; set; }
        /// <summary>
        /// The IPv4 network this machine's management links come from (a /30 per host's sshd, one for the lab's etcd); null when not
        /// given (<see cref="DefaultManagementNetwork"/>). Several labs side by side, or a benchmark's, each take their own.
        /// </summary>
        public InterfaceAddress? ManagementNetwork { get; set; }

        /// <summary>Refuses, before anything is made, what cannot work (InvalidArgument, one error id each).</summary>
        public void Validate()
        {
            if (ContainerSubnets != null && ContainerSubnets.Count != HostCount)
                throw Invalid(ErrorIds.LabContainerSubnetCount, $"-ContainerSubnet needs one subnet per host: {HostCount}, not {ContainerSubnets.Count}.");
            var tooSmall = ContainerSubnets?.FirstOrDefault(s => s.IsIPv6 || s.PrefixLength > 30);
            if (tooSmall != null)
                throw Invalid(ErrorIds.LabContainerSubnetInvalid, $"Container subnet {tooSmall} must be IPv4 with room for a gateway and a container (/30 or larger).");
            if (DockerArguments != null && !Docker)
                throw Invalid(ErrorIds.LabDockerArgumentWithoutDocker, "-DockerArgument needs -Docker.");
            // Counted in 64 bits, which hold every IPv4 network and the IPv6 ones below; an int shift would wrap
            // (C# takes the count mod 32: fd00::/64 came out as 1 address, fd00::/80 as 65536, fd00::/97 as negative).
            if (Network.IsIPv6 && Network.PrefixLength <= WidestIPv6PrefixRefused)
                throw Invalid(ErrorIds.LabNetworkTooLarge,
                    $"{Network} is too large for a lab's underlay: an IPv6 network must be longer than /{WidestIPv6PrefixRefused} (for example /120).");
            var addresses = 1L << ((Network.IsIPv6 ? 128 : 32) - Network.PrefixLength);
            // The network's own address and its last one are not given to hosts; with etcd, the last usable one is the switch's.
            if (HostCount + 2L + (WithEtcd ? 1 : 0) > addresses)
                throw Invalid(ErrorIds.LabNetworkTooSmall, WithEtcd
                    ? $"{Network} has no room for {HostCount} hosts and the etcd server's address (its last usable one, on the lab's switch)."
                    : $"{Network} has no room for {HostCount} hosts.");
            if (ManagementNetwork != null) ValidateManagementNetwork(ManagementNetwork);
        }

        private void ValidateManagementNetwork(InterfaceAddress management)
        {
            if (!Ssh && !WithEtcd)
                throw Invalid(ErrorIds.LabManagementNetworkWithoutSsh, "-ManagementNetwork needs -Ssh or -Etcd: only the hosts' sshd and the lab's etcd have management links.");
            if (management.IsIPv6)
                throw Invalid(ErrorIds.LabManagementNetworkNotIPv4, $"The management network {management} must be IPv4 (the links are IPv4 /30s).");
            var links = ManagementLinkCount;
            if (management.PrefixLength > 30 || 1L << (30 - management.PrefixLength) < links)
                throw Invalid(ErrorIds.LabManagementNetworkTooSmall,
                    $"The management network {management} has no room for {links} management links of a /30 each: it needs a /{30 - CeilingLog2(links)} or larger.");
            // The management links are routes of this machine and the hosts': a network that overlaps the lab's own
            // would send its traffic the wrong way.
            var clash = new[] { Network }.Concat(ContainerSubnets ?? Array.Empty<InterfaceAddress>()).FirstOrDefault(n => !n.IsIPv6 && n.Overlaps(management));
            if (clash != null)
                throw Invalid(ErrorIds.LabManagementNetworkOverlap,
                    $"The management network {management} overlaps the lab's {(clash.Equals(Network) ? "underlay" : "container subnet")} {clash}; choose one apart from both.");
        }

        private bool WithEtcd => Etcd || EtcdTls;

        /// <summary>A management link per host's sshd, and one for the lab's etcd.</summary>
        private int ManagementLinkCount => (Ssh ? HostCount : 0) + (WithEtcd ? 1 : 0);

        private static int CeilingLog2(int n)
        {
            var bits = 0;
            while (1 << bits < n) bits++;
            return bits;
        }

        /// <summary>The lab to make and record, once <see cref="Validate"/> has passed.</summary>
        public XHostLabState ToState()
        {
            Validate();
            return new XHostLabState
            {
                Name = Name, Directory = Directory ?? XHostLabBuilder.ClaimPath(Name), HostCount = HostCount, Network = Network.ToString(),
                Ovs = Ovs, Docker = Docker, DockerArguments = (DockerArguments ?? Array.Empty<string>()).ToList(), Ssh = Ssh,
                ContainerSubnets = (ContainerSubnets ?? Array.Empty<InterfaceAddress>()).Select(s => s.ToString()).ToList(), ContainerMtu = ContainerMtu,
                ManagementNetwork = (ManagementNetwork ?? DefaultManagementNetwork).Network.ToString(), Etcd = WithEtcd, EtcdTls = EtcdTls,
            };
        }

        private static XHostException Invalid(string id, string message) => new XHostException(XHostErrorKind.InvalidArgument, id, message);
    }
}
