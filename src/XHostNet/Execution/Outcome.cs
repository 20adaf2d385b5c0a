using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using XHostNet.Planning;
using XHostNet.PowerShell;
using XHostNet.Sessions;

namespace XHostNet.Commands
{
    /// <summary>The outcome of work on one item (a host, a plan): a value or the exception it ended in.</summary>
    public readonly struct Outcome<TItem, T>
    {
        public Outcome(TItem item, T value, Exception? error)
        {
            Item = item;
            Value = value;
            Error = error;
        }

        public TItem Item { get; }
        public T Value { get; }
        public Exception? Error { get; }
    }
}
