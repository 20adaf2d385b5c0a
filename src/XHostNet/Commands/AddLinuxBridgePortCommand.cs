using System;
using System.Management.Automation;
using XHostNet.Linux;

namespace XHostNet.Commands
{
    /// <summary>
    /// Add-LinuxBridgePort: enslaves interfaces to a bridge (brctl addif) and brings them up; writes the bridge.
    /// With -MoveAddress it moves one NIC into the bridge together with its addresses and routes, as one step on the host
    /// that rolls itself back unless confirmed over a new connection within -ConfirmTimeout (see <see cref="AddressMovePlan"/>).
    /// </summary>
    [Cmdlet(VerbsCommon.Add, "LinuxBridgePort", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = PortSet)]
    [OutputType(typeof(LinuxBridge))]
    public sealed class AddLinuxBridgePortCommand : BridgePortCmdlet
    {
        private const string PortSet = "Port";
        private const string MoveAddressSet = "MoveAddress";

        [Parameter(ParameterSetName = PortSet)]
        public SwitchParameter Force { get; set; }

        /// <summary>Move the interface's addresses and routes (the default route too) to the bridge, which it makes if missing.</summary>
        [Parameter(Mandatory = true, ParameterSetName = MoveAddressSet)]
        public SwitchParameter MoveAddress { get; set; }

        /// <summary>Seconds the host waits for the move to be confirmed over a new connection before it restores the prior state.</summary>
        [Parameter(ParameterSetName = MoveAddressSet)]
        [ValidateRange(5, 3600)]
        public int ConfirmTimeout { get; set; } = 30;

        protected override void ProcessRecord()
        {
            if (!MoveAddress)
            {
                PlanAndApply("Add port to", async (session, ct) =>
                    LinuxBridgePlanner.PlanAddPorts(session, await LinkReader.ReadLinksAsync(session, ct).ConfigureAwait(false), Bridge, Interface, Force));
                return;
            }
            if (Interface.Length != 1)
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("-MoveAddress moves one interface at a time: give one -Interface."),
                    ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, Interface));
            PlanAndApply("Move into", async (session, ct) =>
                AddressMovePlanner.Plan(await AddressMoveState.ReadAsync(session, ct).ConfigureAwait(false), Interface[0], Bridge,
                    TimeSpan.FromSeconds(ConfirmTimeout)).ToChangePlan());
        }
    }
}
