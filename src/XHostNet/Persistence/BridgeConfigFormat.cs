namespace XHostNet.Persistence
{
    /// <summary>The native network configuration a bridge is persisted in, so it comes back after a reboot.</summary>
    public enum BridgeConfigFormat
    {
        /// <summary>RHEL/CentOS/Fedora network-scripts: /etc/sysconfig/network-scripts/ifcfg-* (read by NetworkManager's ifcfg-rh plugin too).</summary>
        NetworkScripts,
        /// <summary>Debian/Ubuntu ifupdown with bridge-utils: /etc/network/interfaces (or a file in interfaces.d it sources).</summary>
        Ifupdown,
        /// <summary>systemd-networkd: .netdev and .network files in /etc/systemd/network.</summary>
        SystemdNetworkd,
    }
}
