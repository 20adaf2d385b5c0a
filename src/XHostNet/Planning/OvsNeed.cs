using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using XHostNet.Execution;
using XHostNet.Linux;
using XHostNet.Ovs;
using XHostNet.Routing;
using XHostNet.Sessions;

namespace XHostNet.Planning
{
    /// <summary>How much Open vSwitch a read needs: none, whatever is there, or a working database.</summary>
    public enum OvsNeed { None, IfAvailable, Required }
}
