using System;
using System.Collections.Generic;
using System.Linq;

namespace XHostNet.Execution
{
    /// <summary>
    /// A change made of several commands stopped part-way: some commands ran, one failed, the rest did not run.
    /// The message names all three so nothing half-applied goes unsaid.
    /// </summary>
    public sealed class PartialChangeException : HostCommandException
    {
        public PartialChangeException(CommandResult failed, IReadOnlyList<CommandResult> applied, IReadOnlyList<string> notRun)
            : base(failed)
        {
            Applied = applied;
            NotRun = notRun;
        }

        public IReadOnlyList<CommandResult> Applied { get; }
        public IReadOnlyList<string> NotRun { get; }

        public override string Message
        {
            get
            {
                // The tool's stderr ends the base message without a full stop; the sentences after it need one.
                var text = base.Message.TrimEnd();
                if (".!?".IndexOf(text[text.Length - 1]) < 0) text += ".";
                text += Applied.Count == 0
                    ? " Nothing was changed before it."
                    : " Already applied on the host (not rolled back): " + string.Join("; ", Applied.Select(a => Shorten(a.CommandLine, 300))) + ".";
                if (NotRun.Count > 0) text += " Not run: " + string.Join("; ", NotRun.Select(n => Shorten(n, 300))) + ".";
                return text;
            }
        }
    }
}
