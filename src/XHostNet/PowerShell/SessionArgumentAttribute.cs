using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using XHostNet.Sessions;

namespace XHostNet.PowerShell
{
    /// <summary>
    /// Lets -Session take a session, or the name or id of one made with New-XHostSession in this runspace
    /// (<c>-Session h1</c>, <c>-Session 3</c>), as Posh-SSH's -SessionId does. A name or id with no session is a clear
    /// binding error. So is $null or an empty list: -Session left out means the local machine, but a variable that
    /// happens to be empty ($h1 never assigned, Get-XHostSession found nothing) must not silently mean it too.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class SessionArgumentAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject p ? p.BaseObject : inputData;
            if (value is null)
                throw new ArgumentTransformationMetadataException(NullOrEmpty);
            if (value is string || value is int || value is long || value is XHostSession) return new[] { Resolve(value)! };
            if (value is IEnumerable items)
            {
                var sessions = items.Cast<object?>().Select(i => Resolve(i is PSObject o ? o.BaseObject : i)).ToArray();
                if (sessions.Length == 0 || sessions.Any(s => s is null)) throw new ArgumentTransformationMetadataException(NullOrEmpty);
                return sessions;
            }
            return inputData;
        }

        private const string NullOrEmpty =
            "-Session is $null, empty or holds $null; leave -Session out to work on the local machine, or give sessions (New-XHostSession), their names or ids.";

        /// <summary>The session a value names: itself, a registered session's name (exact, case-insensitive) or id; null stays null.</summary>
        public static XHostSession? Resolve(object? value)
        {
            switch (value)
            {
                case null:
                    return null;
                case XHostSession session:
                    return session;
                case int or long:
                    var id = Convert.ToInt32(value, CultureInfo.InvariantCulture);
                    return Registered().FirstOrDefault(s => s.Id == id)
                        ?? throw new ArgumentTransformationMetadataException($"There is no session with Id {id} (Get-XHostSession lists them).");
                case string text:
                    var byName = Registered().Where(s => string.Equals(s.SessionName, text, StringComparison.OrdinalIgnoreCase)).ToList();
                    if (byName.Count == 1) return byName[0];
                    if (byName.Count > 1)
                        throw new ArgumentTransformationMetadataException($"More than one session is named '{text}' (ids {string.Join(", ", byName.Select(s => s.Id))}); give the id.");
                    if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number)) return Resolve(number);
                    throw new ArgumentTransformationMetadataException($"There is no session named '{text}' (Get-XHostSession lists them).");
                default:
                    throw new ArgumentTransformationMetadataException($"A session is an XHostSession, or the name or id of one; '{value}' is a {value.GetType().Name}.");
            }
        }

        private static IReadOnlyList<XHostSession> Registered() =>
            SessionRegistry.All(Runspace.DefaultRunspace?.InstanceId ?? Guid.Empty);
    }
}
