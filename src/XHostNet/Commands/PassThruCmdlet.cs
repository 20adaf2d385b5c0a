using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using XHostNet.Planning;
using XHostNet.Sessions;

namespace XHostNet.Commands
{
    /// <summary>
    /// Base of the cmdlets that change something that already exists or attach something to it (Add-, Set-,
    /// Start-, Stop-, Connect-, and Remove-LinuxBridgePort, which changes the bridge): as PowerShell's own
    /// Add-/Set- cmdlets do, they write nothing unless -PassThru is given, and then the object as the host now
    /// reports it. New- and Get- cmdlets always write their objects; Remove- and Disconnect- cmdlets write nothing.
    /// </summary>
    public abstract class PassThruCmdlet : HostCmdlet
    {
        /// <summary>Write the changed object (as the host reports it after the change) to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Plans and applies on every session; the result is written only with -PassThru.</summary>
        protected void PlanAndApply<T>(string action, Func<XHostSession, CancellationToken, Task<ChangePlan<T>>> plan) where T : class =>
            PlanAndApply(Sessions, action, plan, writeResult: PassThru);
    }
}
