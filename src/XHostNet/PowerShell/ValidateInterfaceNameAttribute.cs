using System.Management.Automation;
using System.Text;
using System.Text.RegularExpressions;

namespace XHostNet.PowerShell
{
    /// <summary>
    /// A Linux interface name as XHostNet accepts it: 1–15 bytes (IFNAMSIZ less the NUL) of [A-Za-z0-9_.-],
    /// not "." or "..", not starting with '-'. Stricter than the kernel on purpose: such a name is safe in every tool and shell.
    /// </summary>
    public sealed class ValidateInterfaceNameAttribute : ValidateEnumeratedArgumentsAttribute
    {
        private static readonly Regex Allowed = new Regex(@"^[A-Za-z0-9_.-]{1,15}\z", RegexOptions.CultureInvariant);

        public static bool IsValid(string? name, out string reason)
        {
            reason = "";
            if (string.IsNullOrEmpty(name)) reason = "An interface name cannot be empty.";
            else if (Encoding.UTF8.GetByteCount(name) > 15) reason = $"'{name}' is longer than the 15 bytes Linux allows for an interface name.";
            else if (!Allowed.IsMatch(name!)) reason = $"'{name}' may only contain letters, digits, '_', '.' and '-'.";
            else if (name == "." || name == "..") reason = $"'{name}' is not a valid interface name.";
            // ip and ovs-vsctl would read a leading '-' as an option ("--help", "-force").
            else if (name![0] == '-') reason = $"'{name}' cannot start with '-'.";
            return reason.Length == 0;
        }

        // Called for a scalar and for each element of an array parameter.
        protected override void ValidateElement(object element)
        {
            var name = element is PSObject pso ? pso.BaseObject : element;
            if (!IsValid(name as string, out var reason)) throw new ValidationMetadataException(reason);
        }
    }
}
