namespace XHostNet.Network
{
    /// <summary>What one entry of a network's record is: the kinds of things Connect-XHostNetwork makes or changes on a host.</summary>
    public enum NetworkItemKind { LinuxBridge, Address, OvsBridge, BridgePort, Tunnel, Route, Sysctl, NicMove, DockerSettings, BootConfig, SubnetFile }
}
