using System.Management.Automation;
using System.Text.RegularExpressions;
using XHostNet.Leases;
using XHostNet.PowerShell;
using XHostNet.Sessions;

namespace XHostNet.Commands
{
    /// <summary>
    /// Base of the cmdlets that work on the shared subnet store: where etcd is (-Etcd), flannel's key prefix, TLS files,
    /// and -EtcdFromHost for an etcd only the hosts reach (each call is then a curl on the session's host).
    /// </summary>
    public abstract class EtcdCmdlet : HostCmdlet
    {
        /// <summary>etcd client URLs, tried in order (etcdctl --endpoints).</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        [ValidateEtcdEndpoint]
        public string[] Etcd { get; set; } = null!;

        /// <summary>flannel's key prefix (flanneld --etcd-prefix).</summary>
        [Parameter]
        [ValidatePattern(@"^/[^\s\p{Cc}]*\z", Options = RegexOptions.CultureInvariant)]
        public string Prefix { get; set; } = EtcdSettings.DefaultPrefix;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? EtcdCertificate { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? EtcdKey { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? EtcdCa { get; set; }

        /// <summary>Reach etcd from the session's host (curl there) instead of from this machine.</summary>
        [Parameter]
        public SwitchParameter EtcdFromHost { get; set; }

        /// <summary>The store as reached from <paramref name="host"/> with -EtcdFromHost, else from this machine.</summary>
        protected SubnetLeaseStore OpenStore(XHostSession host) =>
            new SubnetLeaseStore(EtcdSettings.From(Etcd, Prefix, EtcdCertificate, EtcdKey, EtcdCa, EtcdFromHost ? host : null,
                path => SessionState.Path.GetUnresolvedProviderPathFromPSPath(path)));

        /// <summary>
        /// For the cmdlets that work on the store rather than on hosts: the one host etcd is reached from with
        /// -EtcdFromHost (the local machine without it).
        /// </summary>
        protected XHostSession StoreHost()
        {
            if (!EtcdFromHost) return SessionsOrLocal(null)[0];
            if (Sessions.Count != 1)
                throw new XHostException(XHostErrorKind.InvalidArgument, ErrorIds.EtcdEndpointInvalid,
                    $"-EtcdFromHost reaches etcd from one host: give one -Session, not {Sessions.Count}.");
            return Sessions[0];
        }
    }
}
