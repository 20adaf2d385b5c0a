using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace XHostNet.Execution
{
    /// <summary>
    /// An argv that also has its own standard input (e.g. a file's new content), so the content never travels in an
    /// argument: argv is limited in size and shows in process lists and error messages. In a batch the input goes
    /// in a quoted here-document (base64); alone, <see cref="ToHostCommand"/> gives it to the command's standard input.
    /// </summary>
    public sealed class CommandWithInput : IReadOnlyList<string>
    {
        public CommandWithInput(IReadOnlyList<string> argv, string input)
        {
            Argv = argv;
            Input = input;
        }

        public IReadOnlyList<string> Argv { get; }
        public string Input { get; }
        public int Count => Argv.Count;
        public string this[int index] => Argv[index];
        public IEnumerator<string> GetEnumerator() => Argv.GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public HostCommand ToHostCommand(TimeSpan? timeout = null) => new HostCommand(Argv, Input, timeout);
    }
}
