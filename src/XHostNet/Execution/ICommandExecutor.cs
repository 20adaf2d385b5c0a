using System;
using System.Threading;
using System.Threading.Tasks;

namespace XHostNet.Execution
{
    /// <summary>
    /// The one way XHostNet touches a host: an argv in, a <see cref="CommandResult"/> out.
    /// Implementations: the local machine, a network namespace on it, and a host reached over SSH.
    /// A non-zero exit is returned, not thrown; callers decide (see <see cref="CommandResult.EnsureSuccess"/>).
    /// </summary>
    public interface ICommandExecutor : IDisposable
    {
        /// <summary>How the host is named in results and messages: local, netns:NAME, ssh:user@host:port.</summary>
        string HostLabel { get; }

        /// <summary>False once the host can no longer be reached through this executor (namespace gone, SSH connection lost).</summary>
        bool IsOpen { get; }

        Task<CommandResult> RunAsync(HostCommand command, CancellationToken cancellationToken);
    }
}
