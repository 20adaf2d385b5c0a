using System;
using System.Collections.Generic;
using System.Linq;

namespace XHostNet.Execution
{
    /// <summary>One command for a host: an argv (never a shell string), optional standard input, a time limit.</summary>
    public sealed class HostCommand
    {
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

        public HostCommand(IEnumerable<string> argv, string? input = null, TimeSpan? timeout = null)
        {
            Argv = argv?.ToArray() ?? throw new ArgumentNullException(nameof(argv));
            if (Argv.Count == 0 || string.IsNullOrEmpty(Argv[0]))
                throw new ArgumentException("A command needs at least a program name.", nameof(argv));
            if (Argv.Any(a => a is null || a.IndexOf('\0') >= 0))
                throw new ArgumentException("Command arguments cannot be null or contain NUL characters.", nameof(argv));
            Input = input;
            Timeout = timeout ?? DefaultTimeout;
            if (Timeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeout), "The timeout must be positive.");
        }

        public IReadOnlyList<string> Argv { get; }
        public string? Input { get; }
        public TimeSpan Timeout { get; }

        /// <summary>For a batch's script (sh -c or sh -s): the commands it carries, so a test double can answer them one by one.</summary>
        internal BatchScript? Batch { get; set; }

        /// <summary>The command as a POSIX shell would read it, for messages, -WhatIf and logs.</summary>
        public override string ToString() => ShellQuoting.Join(Argv);
    }
}
