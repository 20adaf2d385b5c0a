namespace XHostNet
{
    /// <summary>
    /// Every error id XHostNet raises: the first part of an ErrorRecord's FullyQualifiedErrorId, stable for scripts.
    /// Code raises ids only through these constants; the docs' NOTES and about_XHostNet list them, and
    /// ErrorIdContractTests checks both ways (no id outside this class, no constant that is never raised or never documented).
    /// </summary>
    public static class ErrorIds
    {
        // Host commands, connections and sessions (any cmdlet that reaches a host).

        /// <summary>A host command (a read, or Invoke-XHostCommand's) exited non-zero or timed out.</summary>
        public const string HostCommandFailed = nameof(HostCommandFailed);
        /// <summary>A command of a change failed part-way; the message lists what was applied and what did not run.</summary>
        public const string HostChangePartiallyApplied = nameof(HostChangePartiallyApplied);
        /// <summary>A change failed and was undone (or the undo failed too), and its planner names no more precise id.</summary>
        public const string HostChangeFailed = nameof(HostChangeFailed);
        /// <summary>An SSH host could not be reached, timed out, refused authentication, or dropped the connection.</summary>
        public const string HostConnectionFailed = nameof(HostConnectionFailed);
        /// <summary>An SSH host key is unknown, changed, revoked, or not the pinned one.</summary>
        public const string HostKeyNotTrusted = nameof(HostKeyNotTrusted);
        /// <summary>The session's host is gone: its network namespace no longer exists or its SSH connection was lost.</summary>
        public const string SessionClosed = nameof(SessionClosed);
        /// <summary>The session was closed with Remove-XHostSession and then used.</summary>
        public const string SessionRemoved = nameof(SessionRemoved);
        /// <summary>Get-XHostSession or Remove-XHostSession: no session with that name or id.</summary>
        public const string SessionNotFound = nameof(SessionNotFound);
        /// <summary>Remove-XHostSession: the session was not made by New-XHostSession in this runspace, or is already removed.</summary>
        public const string SessionNotRegistered = nameof(SessionNotRegistered);
        /// <summary>New-XHostSession -NetworkNamespace: the namespace cannot be entered.</summary>
        public const string NetworkNamespaceNotFound = nameof(NetworkNamespaceNotFound);
        /// <summary>New-XHostSession: -HostKeyFingerprint and -AcceptNewHostKey given together.</summary>
        public const string HostKeyOptionsConflict = nameof(HostKeyOptionsConflict);
        /// <summary>New-XHostSession: -HostKeyFingerprint is not a SHA256 fingerprint as ssh-keygen -lf prints it.</summary>
        public const string InvalidHostKeyFingerprint = nameof(InvalidHostKeyFingerprint);
        /// <summary>New-XHostSession: a -KeyFile does not exist.</summary>
        public const string KeyFileNotFound = nameof(KeyFileNotFound);
        /// <summary>New-XHostSession: the known_hosts file is a directory or cannot be read (or, with -AcceptNewHostKey, written).</summary>
        public const string KnownHostsFileUnreadable = nameof(KnownHostsFileUnreadable);
        /// <summary>Invoke-XHostCommand: the program is empty or an argument is null or holds a NUL character.</summary>
        public const string InvalidArgument = nameof(InvalidArgument);
        /// <summary>A host's tool (ip -j, ovs-vsctl, ping) printed output XHostNet cannot read.</summary>
        public const string ToolOutputUnreadable = nameof(ToolOutputUnreadable);
        /// <summary>A batch's own framing (sh, date, base64) printed output XHostNet cannot read.</summary>
        public const string BatchOutputUnreadable = nameof(BatchOutputUnreadable);
        /// <summary>An exception XHostNet does not expect (a defect); the message is the exception's.</summary>
        public const string UnexpectedError = nameof(UnexpectedError);

        // Interfaces and Linux bridges.

        /// <summary>No interface of that name on the host.</summary>
        public const string InterfaceNotFound = nameof(InterfaceNotFound);
        /// <summary>The name is taken by an interface of another kind.</summary>
        public const string InterfaceNameInUse = nameof(InterfaceNameInUse);
        /// <summary>The name belongs to an interface that is not a Linux bridge.</summary>
        public const string InterfaceNotABridge = nameof(InterfaceNotABridge);
        /// <summary>The interface is already a port of another master and -Force was not given.</summary>
        public const string InterfaceHasOtherMaster = nameof(InterfaceHasOtherMaster);
        /// <summary>A bridge was given as a port of itself or of another bridge.</summary>
        public const string BridgePortIsBridge = nameof(BridgePortIsBridge);
        /// <summary>No Linux bridge of that name on the host.</summary>
        public const string LinuxBridgeNotFound = nameof(LinuxBridgeNotFound);
        /// <summary>The bridge exists with another STP state, MTU or addresses and -Force was not given.</summary>
        public const string LinuxBridgeConflict = nameof(LinuxBridgeConflict);
        /// <summary>-MoveAddress: the interface has no address or route to move (and is not a port of the bridge yet).</summary>
        public const string AddressMoveNothingToMove = nameof(AddressMoveNothingToMove);
        /// <summary>-MoveAddress: no new connection confirmed the move in time; the host's watchdog restored the prior state.</summary>
        public const string AddressMoveRolledBack = nameof(AddressMoveRolledBack);
        /// <summary>-MoveAddress: a command of the move failed on the host; its watchdog restored the prior state at once.</summary>
        public const string AddressMoveFailed = nameof(AddressMoveFailed);
        /// <summary>-MoveAddress: restoring the prior state failed too; the host may be half-changed (its saved state stays on it).</summary>
        public const string AddressMoveRollbackFailed = nameof(AddressMoveRollbackFailed);
        /// <summary>-MoveAddress: the host could not be reached to learn whether the move stayed, even after the timeout.</summary>
        public const string AddressMoveUnverified = nameof(AddressMoveUnverified);

        // Open vSwitch and tunnels.

        /// <summary>ovs-vsctl is not installed on the host.</summary>
        public const string OvsNotInstalled = nameof(OvsNotInstalled);
        /// <summary>The Open vSwitch database does not answer at its socket (also: it stopped answering during a change).</summary>
        public const string OvsDatabaseUnavailable = nameof(OvsDatabaseUnavailable);
        /// <summary>ovs-vswitchd did not apply a change in time while the database still answers.</summary>
        public const string OvsSwitchNotResponding = nameof(OvsSwitchNotResponding);
        /// <summary>Start-OvsDaemon/Stop-OvsDaemon: the session reaches Open vSwitch over the network, not on its own machine.</summary>
        public const string OvsDatabaseNotLocal = nameof(OvsDatabaseNotLocal);
        /// <summary>Start-OvsDaemon: the daemons did not come up; the message has their logs.</summary>
        public const string OvsDaemonNotStarted = nameof(OvsDaemonNotStarted);
        /// <summary>Get-OvsBridge: a name without wildcards matched no Open vSwitch bridge.</summary>
        public const string OvsBridgeNotFound = nameof(OvsBridgeNotFound);
        /// <summary>The Open vSwitch bridge exists with other settings and -Force was not given.</summary>
        public const string OvsBridgeConflict = nameof(OvsBridgeConflict);
        /// <summary>The bridge change was taken but the bridge does not work (no device, an error column); it was undone.</summary>
        public const string OvsBridgeNotWorking = nameof(OvsBridgeNotWorking);
        /// <summary>Another change made or changed the bridge between this call's read and its change.</summary>
        public const string OvsBridgeChangedConcurrently = nameof(OvsBridgeChangedConcurrently);
        /// <summary>Remove-OvsBridge: the name is not an Open vSwitch bridge.</summary>
        public const string NotAnOvsBridge = nameof(NotAnOvsBridge);
        /// <summary>The bridge a tunnel goes on does not exist.</summary>
        public const string TunnelBridgeNotFound = nameof(TunnelBridgeNotFound);
        /// <summary>The bridge a tunnel goes on is of a kind that cannot hold it.</summary>
        public const string TunnelBridgeInvalid = nameof(TunnelBridgeInvalid);
        /// <summary>Add-GreTunnel/Add-VxlanTunnel: -LocalAddress and -RemoteAddress are of different address families.</summary>
        public const string TunnelFamilyMismatch = nameof(TunnelFamilyMismatch);
        /// <summary>Add-VxlanTunnel: -UnderlayInterface given for an Open vSwitch bridge, whose tunnels follow the routes.</summary>
        public const string UnderlayInterfaceNotApplicable = nameof(UnderlayInterfaceNotApplicable);
        /// <summary>The tunnel exists with other settings and -Force was not given.</summary>
        public const string TunnelConflict = nameof(TunnelConflict);
        /// <summary>Another tunnel already goes to that endpoint (or uses that VNI and port).</summary>
        public const string TunnelEndpointInUse = nameof(TunnelEndpointInUse);
        /// <summary>The tunnel change was taken but the tunnel does not work (no device, no ofport, an error); it was undone.</summary>
        public const string TunnelNotWorking = nameof(TunnelNotWorking);
        /// <summary>Another change made or changed the tunnel between this call's read and its change.</summary>
        public const string TunnelChangedConcurrently = nameof(TunnelChangedConcurrently);
        /// <summary>Remove-GreTunnel/Remove-VxlanTunnel: the name is not a tunnel of that kind.</summary>
        public const string NotATunnel = nameof(NotATunnel);
        /// <summary>Get-GreTunnel: a name without wildcards matched no GRE tunnel.</summary>
        public const string GreTunnelNotFound = nameof(GreTunnelNotFound);
        /// <summary>Get-VxlanTunnel: a name without wildcards matched no VXLAN tunnel.</summary>
        public const string VxlanTunnelNotFound = nameof(VxlanTunnelNotFound);

        // Routes.

        /// <summary>Add-ContainerRoute: the destination has host bits set.</summary>
        public const string RouteDestinationNotNetwork = nameof(RouteDestinationNotNetwork);
        /// <summary>Add-ContainerRoute: gateway and destination are of different address families.</summary>
        public const string RouteFamilyMismatch = nameof(RouteFamilyMismatch);
        /// <summary>Add-ContainerRoute: -OnLink without -Interface.</summary>
        public const string OnLinkNeedsInterface = nameof(OnLinkNeedsInterface);
        /// <summary>Add-ContainerRoute: the gateway is an address of the host itself.</summary>
        public const string GatewayIsLocal = nameof(GatewayIsLocal);
        /// <summary>Add-ContainerRoute: no connected network reaches the gateway and -OnLink was not given.</summary>
        public const string GatewayNotDirectlyReachable = nameof(GatewayNotDirectlyReachable);
        /// <summary>Add-ContainerRoute: a route to the destination exists with another gateway or device and -Force was not given.</summary>
        public const string RouteConflict = nameof(RouteConflict);
        /// <summary>Add-ContainerRoute: the route is not in the main table after the change; it was undone.</summary>
        public const string RouteNotPresent = nameof(RouteNotPresent);
        /// <summary>Get-ContainerRoute: no route through a gateway to that destination.</summary>
        public const string ContainerRouteNotFound = nameof(ContainerRouteNotFound);
        /// <summary>Find-ContainerRoute: the kernel has no route to the address.</summary>
        public const string NoRouteToDestination = nameof(NoRouteToDestination);

        // Docker and containers.

        /// <summary>The docker client is not installed on the host.</summary>
        public const string DockerNotInstalled = nameof(DockerNotInstalled);
        /// <summary>The Docker engine does not answer at the session's endpoint.</summary>
        public const string DockerEngineUnavailable = nameof(DockerEngineUnavailable);
        /// <summary>Reading dockerd's settings on a host did not finish (a command timed out or ended the batch).</summary>
        public const string DockerReadFailed = nameof(DockerReadFailed);
        /// <summary>docker printed something that is not the JSON it prints.</summary>
        public const string DockerOutputUnreadable = nameof(DockerOutputUnreadable);
        /// <summary>Set-DockerBridge: which file the session's dockerd reads cannot be told; give -ConfigPath.</summary>
        public const string DockerConfigPathUnknown = nameof(DockerConfigPathUnknown);
        /// <summary>Set-DockerBridge: -ConfigPath is a daemon.json the running dockerd does not read.</summary>
        public const string DockerConfigNotInUse = nameof(DockerConfigNotInUse);
        /// <summary>Set-DockerBridge: the config file is a device, directory or FIFO.</summary>
        public const string DockerConfigNotRegularFile = nameof(DockerConfigNotRegularFile);
        /// <summary>Set-DockerBridge: daemon.json is not JSON XHostNet can rewrite.</summary>
        public const string DockerConfigUnparsable = nameof(DockerConfigUnparsable);
        /// <summary>Set-DockerBridge: the file changed between reading and writing it; nothing was written.</summary>
        public const string DockerConfigChanged = nameof(DockerConfigChanged);
        /// <summary>Set-DockerBridge: a sysconfig OPTIONS line uses shell features XHostNet does not rewrite.</summary>
        public const string DockerSysconfigUnsupported = nameof(DockerSysconfigUnsupported);
        /// <summary>Set-DockerBridge: the settings, with those dockerd already has from its flags and files, are ones dockerd would refuse.</summary>
        public const string DockerSettingsConflict = nameof(DockerSettingsConflict);
        /// <summary>Set-DockerBridge: -Bip is the network address of its subnet.</summary>
        public const string BipIsNetworkAddress = nameof(BipIsNetworkAddress);
        /// <summary>Set-DockerBridge: an address no container network can use (multicast, loopback, no room, ...).</summary>
        public const string DockerAddressNotUsable = nameof(DockerAddressNotUsable);
        /// <summary>Set-DockerBridge: -DefaultAddressPool is malformed or has an impossible size.</summary>
        public const string DockerAddressPoolInvalid = nameof(DockerAddressPoolInvalid);
        /// <summary>Set-DockerBridge: fixed-cidr with bridge 'none'.</summary>
        public const string FixedCidrWithoutBridge = nameof(FixedCidrWithoutBridge);
        /// <summary>Set-DockerBridge: fixed-cidr lies outside the bridge's network.</summary>
        public const string FixedCidrOutsideBridge = nameof(FixedCidrOutsideBridge);
        /// <summary>Set-DockerBridge: the bridge dockerd is to use does not exist.</summary>
        public const string DockerBridgeNotFound = nameof(DockerBridgeNotFound);
        /// <summary>Set-DockerBridge: the bridge dockerd is to use is not a Linux bridge.</summary>
        public const string DockerBridgeNotABridge = nameof(DockerBridgeNotABridge);
        /// <summary>Set-DockerBridge: dockerd runs neither as a systemd nor as a SysV service and the session has no -DockerRestartCommand.</summary>
        public const string DockerRestartUnknown = nameof(DockerRestartUnknown);
        /// <summary>Set-DockerBridge: dockerd did not come back with the new settings; the old configuration was restored.</summary>
        public const string DockerRestartFailed = nameof(DockerRestartFailed);
        /// <summary>No container of that name on the host (or on any host given).</summary>
        public const string ContainerNotFound = nameof(ContainerNotFound);
        /// <summary>The container is not running, so it has no network namespace.</summary>
        public const string ContainerNotRunning = nameof(ContainerNotRunning);
        /// <summary>The container uses the host's network namespace.</summary>
        public const string ContainerUsesHostNetwork = nameof(ContainerUsesHostNetwork);
        /// <summary>Connect-ContainerNetwork: the container already has that address elsewhere.</summary>
        public const string ContainerAddressInUse = nameof(ContainerAddressInUse);
        /// <summary>Connect-ContainerNetwork: the container's interface is missing after the change; it was undone.</summary>
        public const string ContainerInterfaceMissing = nameof(ContainerInterfaceMissing);
        /// <summary>Connect-ContainerNetwork: the address is its network's own address.</summary>
        public const string AddressIsNetwork = nameof(AddressIsNetwork);
        /// <summary>Connect-ContainerNetwork: the address is its network's broadcast address.</summary>
        public const string AddressIsBroadcast = nameof(AddressIsBroadcast);
        /// <summary>Connect-ContainerNetwork: gateway and address are of different address families.</summary>
        public const string GatewayFamilyMismatch = nameof(GatewayFamilyMismatch);
        /// <summary>New-ContainerSubnetPlan: the network has host bits set.</summary>
        public const string SubnetPlanNetworkInvalid = nameof(SubnetPlanNetworkInvalid);
        /// <summary>New-ContainerSubnetPlan: the subnet prefix length does not fit the network or leaves no room.</summary>
        public const string SubnetPlanPrefixInvalid = nameof(SubnetPlanPrefixInvalid);
        /// <summary>New-ContainerSubnetPlan: a bound lies outside the network.</summary>
        public const string SubnetPlanBoundInvalid = nameof(SubnetPlanBoundInvalid);
        /// <summary>New-ContainerSubnetPlan: not enough room for one subnet per host.</summary>
        public const string SubnetPlanExhausted = nameof(SubnetPlanExhausted);
        /// <summary>New-ContainerSubnetPlan: an -Exclude value is not an address or a CIDR prefix.</summary>
        public const string ExclusionInvalid = nameof(ExclusionInvalid);
        /// <summary>Get-FlannelSubnet: no lease file on the host.</summary>
        public const string FlannelSubnetNotFound = nameof(FlannelSubnetNotFound);
        /// <summary>Get-FlannelSubnet: the lease file is not one flannel writes.</summary>
        public const string FlannelSubnetUnparsable = nameof(FlannelSubnetUnparsable);

        // Shared subnet leases in etcd (Get-/Request-/Remove-ContainerSubnetLease, Get-/Set-ContainerNetworkConfig, Connect-XHostNetwork -SubnetStore).

        /// <summary>No etcd endpoint answered (refused, timed out, TLS failed), or curl is missing on the host that reaches etcd.</summary>
        public const string EtcdUnreachable = nameof(EtcdUnreachable);
        /// <summary>-Etcd/-SubnetStore: an endpoint is not an http(s) client URL (scheme, host, port), or carries credentials.</summary>
        public const string EtcdEndpointInvalid = nameof(EtcdEndpointInvalid);
        /// <summary>etcd answered a call with an error of its own.</summary>
        public const string EtcdRequestFailed = nameof(EtcdRequestFailed);
        /// <summary>-EtcdCertificate/-EtcdKey/-EtcdCa: the PEM files cannot be read or loaded, or only one of certificate and key was given.</summary>
        public const string EtcdCertificateInvalid = nameof(EtcdCertificateInvalid);
        /// <summary>There is no network config at &lt;prefix&gt;/config.</summary>
        public const string ContainerNetworkConfigNotFound = nameof(ContainerNetworkConfigNotFound);
        /// <summary>The network config (stored, or the one being written) is one flanneld would refuse.</summary>
        public const string ContainerNetworkConfigInvalid = nameof(ContainerNetworkConfigInvalid);
        /// <summary>Set-ContainerNetworkConfig: the config changed in etcd while the new one was being written.</summary>
        public const string ContainerNetworkConfigChanged = nameof(ContainerNetworkConfigChanged);
        /// <summary>Set-ContainerNetworkConfig: the new config would leave existing leases outside it.</summary>
        public const string ContainerNetworkShrink = nameof(ContainerNetworkShrink);
        /// <summary>Request-ContainerSubnetLease: no free subnet is left in the network.</summary>
        public const string ContainerSubnetsExhausted = nameof(ContainerSubnetsExhausted);
        /// <summary>Remove-ContainerSubnetLease: no such lease (expired or given back), or it changed while being given back.</summary>
        public const string ContainerSubnetLeaseNotFound = nameof(ContainerSubnetLeaseNotFound);
        /// <summary>Request-ContainerSubnetLease: the host's public address cannot be found (no default route, no address on -Interface).</summary>
        public const string LeasePublicAddressUnknown = nameof(LeasePublicAddressUnknown);

        // Reachability.

        /// <summary>Test-ContainerReachability: neither -Target nor -TargetContainer was given.</summary>
        public const string ReachabilityTargetMissing = nameof(ReachabilityTargetMissing);
        /// <summary>Test-ContainerReachability: a target is not an address, a CIDR of one, or a plain ASCII host name.</summary>
        public const string ReachabilityTargetInvalid = nameof(ReachabilityTargetInvalid);

        // Labs.

        /// <summary>New-XHostLab: a lab of that name exists; nothing was changed.</summary>
        public const string LabExists = nameof(LabExists);
        /// <summary>New-XHostLab: -Network has no room for -HostCount hosts (and, with -Etcd, the switch's address).</summary>
        public const string LabNetworkTooSmall = nameof(LabNetworkTooSmall);
        /// <summary>New-XHostLab: an IPv6 -Network of /96 or wider (the lab counts its addresses in 64 bits).</summary>
        public const string LabNetworkTooLarge = nameof(LabNetworkTooLarge);
        /// <summary>New-XHostLab: -ContainerSubnet does not give one subnet per host.</summary>
        public const string LabContainerSubnetCount = nameof(LabContainerSubnetCount);
        /// <summary>New-XHostLab: a container subnet is not IPv4 /30 or larger.</summary>
        public const string LabContainerSubnetInvalid = nameof(LabContainerSubnetInvalid);
        /// <summary>New-XHostLab: -DockerArgument without -Docker.</summary>
        public const string LabDockerArgumentWithoutDocker = nameof(LabDockerArgumentWithoutDocker);
        /// <summary>New-XHostLab: not enough free /30s are left in the management network for the lab's management links.</summary>
        public const string LabNoManagementAddress = nameof(LabNoManagementAddress);
        /// <summary>New-XHostLab: -ManagementNetwork without -Ssh or -Etcd (only they have management links).</summary>
        public const string LabManagementNetworkWithoutSsh = nameof(LabManagementNetworkWithoutSsh);
        /// <summary>New-XHostLab: -ManagementNetwork is not IPv4.</summary>
        public const string LabManagementNetworkNotIPv4 = nameof(LabManagementNetworkNotIPv4);
        /// <summary>New-XHostLab: -ManagementNetwork has fewer /30s than the lab has management links (one per host with -Ssh, one for -Etcd).</summary>
        public const string LabManagementNetworkTooSmall = nameof(LabManagementNetworkTooSmall);
        /// <summary>New-XHostLab: -ManagementNetwork overlaps the lab's underlay or one of its container subnets.</summary>
        public const string LabManagementNetworkOverlap = nameof(LabManagementNetworkOverlap);
        /// <summary>Get-XHostLab: no lab of that name on this machine.</summary>
        public const string LabNotFound = nameof(LabNotFound);
        /// <summary>Remove-XHostLab: parts named after the lab exist but its lab.json does not; nothing is removed.</summary>
        public const string LabStateMissing = nameof(LabStateMissing);
        /// <summary>Remove-XHostLab (or a failed New-XHostLab): a part could not be removed; one error per part.</summary>
        public const string LabPartNotRemoved = nameof(LabPartNotRemoved);

        // Boot configuration of bridges (Save-LinuxBridgeConfig, Remove-LinuxBridgeConfig).

        /// <summary>Save-LinuxBridgeConfig: the bridge's spec cannot be written (a bad name, MTU, or a gateway of the wrong family).</summary>
        public const string BridgeConfigInvalid = nameof(BridgeConfigInvalid);
        /// <summary>Save-LinuxBridgeConfig: the host is configured by netplan, which XHostNet does not write.</summary>
        public const string BridgeConfigNetplanUnsupported = nameof(BridgeConfigNetplanUnsupported);
        /// <summary>Save-LinuxBridgeConfig: no format, or more than one, is in use on the host; give -Format.</summary>
        public const string BridgeConfigFormatUnknown = nameof(BridgeConfigFormatUnknown);
        /// <summary>Save-LinuxBridgeConfig: a file or stanza it would write exists and XHostNet did not write it (use -Force), or is another bridge's.</summary>
        public const string BridgeConfigFileExists = nameof(BridgeConfigFileExists);
        /// <summary>A configuration file changed between reading and writing it, or reads back differently; the change was undone.</summary>
        public const string BridgeConfigChanged = nameof(BridgeConfigChanged);
        /// <summary>A configuration file is a directory, device or FIFO; XHostNet replaces only regular files.</summary>
        public const string BridgeConfigNotRegularFile = nameof(BridgeConfigNotRegularFile);
        // Whole networks.

        /// <summary>Connect-XHostNetwork: no address of a host can be told to be the one its peers reach it at; name it in a topology file.</summary>
        public const string NetworkUnderlayNotFound = nameof(NetworkUnderlayNotFound);
        /// <summary>Connect-XHostNetwork: the host is already in a network of that name with another mode; nothing was changed on it.</summary>
        public const string NetworkConflict = nameof(NetworkConflict);
        /// <summary>Connect-XHostNetwork: after the change, something the network needs is not on the host (the change was undone).</summary>
        public const string NetworkNotConverged = nameof(NetworkNotConverged);
        /// <summary>Get-, Connect-, Disconnect-XHostNetwork: a host's network record is not JSON XHostNet can read.</summary>
        public const string NetworkRecordUnreadable = nameof(NetworkRecordUnreadable);
        /// <summary>Get-XHostNetwork, Disconnect-XHostNetwork: the host has no record of a network of that name.</summary>
        public const string NetworkNotFound = nameof(NetworkNotFound);
        /// <summary>Connect-XHostNetwork -Path: the topology file cannot be read or names something that cannot be used.</summary>
        public const string NetworkTopologyInvalid = nameof(NetworkTopologyInvalid);
        /// <summary>Connect-XHostNetwork: -PersistFormat, -PersistRoot or -Force given without -Persist; nothing was read or changed.</summary>
        public const string NetworkPersistInvalid = nameof(NetworkPersistInvalid);
        /// <summary>Connect-XHostNetwork -SubnetStore: the network asked for is not the store's (-ContainerNetwork, -SubnetPrefixLength, SharedLan), or neither was given; nothing was claimed or changed.</summary>
        public const string NetworkSubnetStoreInvalid = nameof(NetworkSubnetStoreInvalid);
        /// <summary>Connect-XHostNetwork -SubnetStore: another claim took a host's planned subnet between the plan and the change; nothing changed on it, and the lease it got instead stays for a re-run.</summary>
        public const string NetworkSubnetLeaseMoved = nameof(NetworkSubnetLeaseMoved);
    }
}
