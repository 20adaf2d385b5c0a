using System;

namespace XHostNet.Execution
{
    /// <summary>The outcome of work on one item (a host, a plan, a pair to test): a value or the exception it ended in.</summary>
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
