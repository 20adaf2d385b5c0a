using System;
using System.Collections.Generic;

namespace XHostNet.Execution
{
    /// <summary>How commands get root on a host whose login user is not root.</summary>
    public enum Elevation { None, SudoNoPassword, SudoWithPassword }
}
