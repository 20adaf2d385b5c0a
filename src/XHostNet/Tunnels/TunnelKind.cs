using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using XHostNet.Linux;
using XHostNet.Ovs;
using XHostNet.Planning;
using XHostNet.Sessions;

namespace XHostNet.Tunnels
{
    public enum TunnelKind { Gre, Vxlan }
}
