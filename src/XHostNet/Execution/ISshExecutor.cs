using System.Threading;
using System.Threading.Tasks;

namespace XHostNet.Execution
{
    /// <summary>
    /// The SSH executor as the rest of the module sees it. Its implementation lives in XHostNet.Ssh.dll with SSH.NET,
    /// loaded apart from other modules' copies of SSH.NET (see <see cref="SshLoader"/>).
    /// </summary>
    public interface ISshExecutor : ICommandExecutor
    {
        /// <summary>Connects (verifying the host key) and finds out whether commands need sudo.</summary>
        Task ConnectAsync(CancellationToken cancellationToken);

        /// <summary>The fingerprint the server presented on the last connect (SHA256:…).</summary>
        string? PresentedFingerprint { get; }

        Elevation Elevation { get; }
    }
}
