using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using XHostNet.Execution;

namespace XHostNet.Sessions
{
    public enum XHostSessionKind { Local, NetworkNamespace, Ssh }
}
