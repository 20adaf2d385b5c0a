using System;
using System.Management.Automation;
using XHostNet.Execution;
using XHostNet.PowerShell;
using XHostNet.Sessions;

namespace XHostNet.Commands
{
    /// <summary>
    /// Invoke-XHostCommand: runs one program with its arguments on each host (no shell on this side; over SSH each
    /// argument is quoted for the remote shell) and returns a CommandResult. A non-zero exit is an error.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "XHostCommand", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(CommandResult))]
    public sealed class InvokeXHostCommandCommand : HostCmdlet
    {
        // An argument may be empty (printf '%s|' a '' b); the program, checked below, may not.
        [Parameter(Mandatory = true, Position = 0, ValueFromRemainingArguments = true)]
        [AllowEmptyString]
        [Alias("Command")]
        public string[] ArgumentList { get; set; } = Array.Empty<string>();

        [Parameter]
        [AllowEmptyString]
        public string? InputString { get; set; }

        [Parameter]
        [ValidateRange(1, 86400)]
        public int TimeoutSeconds { get; set; }

        /// <summary>Return the result whatever the exit code, without an error.</summary>
        [Parameter]
        public SwitchParameter IgnoreExitCode { get; set; }

        protected override void ProcessRecord()
        {
            if (ArgumentList.Length == 0 || string.IsNullOrEmpty(ArgumentList[0]))
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("The first argument names the program to run; it cannot be empty."),
                    ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, ArgumentList));
            }
            if (Array.Exists(ArgumentList, a => a is null || a.IndexOf('\0') >= 0))
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("Arguments cannot be null or contain NUL characters."),
                    ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, ArgumentList));
            }
            var commandLine = ShellQuoting.Join(ArgumentList);
            var timeout = TimeoutSeconds > 0 ? TimeSpan.FromSeconds(TimeoutSeconds) : (TimeSpan?)null;
            var sessions = new System.Collections.Generic.List<XHostSession>();
            foreach (var session in Sessions)
            {
                if (ShouldProcess($"Run on host '{session.Host}':{Environment.NewLine}    {commandLine}", $"Run on host '{session.Host}': {commandLine}?", "Run command"))
                    sessions.Add(session);
            }
            foreach (var outcome in OnEach(sessions, (s, ct) => s.RunAsync(ArgumentList, ct, InputString, timeout)))
            {
                if (outcome.Error != null) WriteHostError(outcome.Error, outcome.Item);
                else if (outcome.Value.Succeeded || IgnoreExitCode) WriteObject(outcome.Value);
                else WriteHostError(new HostCommandException(outcome.Value), outcome.Item);
            }
        }
    }
}
