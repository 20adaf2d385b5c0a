using System;
using System.Management.Automation;
using XHostNet.Execution;

namespace XHostNet.PowerShell
{
    /// <summary>
    /// Turns core exceptions into ErrorRecords with stable ids (<see cref="ErrorIds"/>) and fitting categories.
    /// </summary>
    /// <remarks>
    /// One rule for TargetObject, whatever the exception: it is the item or host being worked on, as the caller
    /// names it — the item (a name, address, container, lab, or a refused parameter value) when the error is about
    /// one item; the host's session when it is about a host (reading it, changing it, reaching it). It is never
    /// the CommandResult of a failed command: that stays on the exception (<c>$err.Exception.Result</c>).
    /// </remarks>
    internal static class ErrorRecords
    {
        public static ErrorRecord From(Exception ex, object target)
        {
            if (ex is AggregateException a && a.InnerExceptions.Count == 1) return From(a.InnerException!, target);
            var (errorId, category) = Classify(ex);
            return new ErrorRecord(ex, errorId, category, target);
        }

        private static (string ErrorId, ErrorCategory Category) Classify(Exception ex) => ex switch
        {
            XHostException x => (x.ErrorId, Category(x.Kind)),
            PartialChangeException p => (ErrorIds.HostChangePartiallyApplied, Category(p.Result)),
            HostCommandException c => (ErrorIds.HostCommandFailed, Category(c.Result)),
            HostKeyException _ => (ErrorIds.HostKeyNotTrusted, ErrorCategory.SecurityError),
            SessionClosedException _ => (ErrorIds.SessionClosed, ErrorCategory.ConnectionError),
            HostConnectionException _ => (ErrorIds.HostConnectionFailed, ErrorCategory.ConnectionError),
            ObjectDisposedException _ => (ErrorIds.SessionRemoved, ErrorCategory.InvalidOperation),
            _ => (ErrorIds.UnexpectedError, ErrorCategory.NotSpecified),
        };

        private static ErrorCategory Category(XHostErrorKind kind) => kind switch
        {
            XHostErrorKind.NotFound => ErrorCategory.ObjectNotFound,
            XHostErrorKind.Conflict => ErrorCategory.ResourceExists,
            XHostErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
            XHostErrorKind.Unavailable => ErrorCategory.ResourceUnavailable,
            XHostErrorKind.Failed => ErrorCategory.InvalidResult,
            _ => ErrorCategory.InvalidOperation,
        };

        // Commands report problems in text only; map the kernel's and sudo's usual words onto categories.
        private static ErrorCategory Category(CommandResult r)
        {
            if (r.TimedOut) return ErrorCategory.OperationTimeout;
            var err = r.StandardError;
            bool Has(string s) => err.IndexOf(s, StringComparison.OrdinalIgnoreCase) >= 0;
            if (Has("Operation not permitted") || Has("Permission denied") || Has("password is required") || Has("incorrect password")) return ErrorCategory.PermissionDenied;
            if (Has("Cannot find device") || Has("No such device") || Has("does not exist") || Has("No such file")) return ErrorCategory.ObjectNotFound;
            if (Has("File exists") || Has("already exists")) return ErrorCategory.ResourceExists;
            if (r.ExitCode == 127) return ErrorCategory.ObjectNotFound; // command not found
            return ErrorCategory.InvalidOperation;
        }
    }
}
