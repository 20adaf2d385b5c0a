using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace XHostNet.Execution
{
    /// <summary>The verdict on a host key presented by a server.</summary>
    public enum HostKeyVerdict { Trusted, Unknown, Changed, Revoked }
}
