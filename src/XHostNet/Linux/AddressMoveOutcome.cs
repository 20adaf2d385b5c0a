namespace XHostNet.Linux
{
    /// <summary>How an address move ended, as its watchdog on the host recorded it.</summary>
    public enum AddressMoveOutcome
    {
        /// <summary>Confirmed over a new connection within the timeout: the move stays.</summary>
        Confirmed,
        /// <summary>No confirmation came within the timeout: the watchdog restored the saved state.</summary>
        RolledBack,
        /// <summary>A command of the move failed: the watchdog restored the saved state at once.</summary>
        ApplyFailed,
        /// <summary>Restoring failed (after a timeout or a failed command): the host may be half-changed; the log says where.</summary>
        RollbackFailed,
        /// <summary>The host could not be reached to learn the outcome, even after the timeout.</summary>
        Unknown,
    }
}
