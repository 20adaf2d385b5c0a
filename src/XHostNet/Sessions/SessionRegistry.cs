using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace XHostNet.Sessions
{
    /// <summary>
    /// The sessions made with New-XHostSession, kept per PowerShell runspace (as PSSessions are), so
    /// Get-/Remove-XHostSession in one runspace never see or close another's.
    /// </summary>
    public static class SessionRegistry
    {
        private static readonly object Gate = new object();
        private static readonly List<(Guid Scope, XHostSession Session)> Sessions = new List<(Guid, XHostSession)>();
        private static int _lastId;

        public static XHostSession Add(Guid scope, XHostSession session)
        {
            lock (Gate)
            {
                session.Id = Interlocked.Increment(ref _lastId);
                Sessions.Add((scope, session));
            }
            return session;
        }

        public static IReadOnlyList<XHostSession> All(Guid scope)
        {
            lock (Gate) return Sessions.Where(s => s.Scope == scope).Select(s => s.Session).ToList();
        }

        /// <summary>Closes and forgets every session of a scope (its runspace closed).</summary>
        public static void RemoveScope(Guid scope)
        {
            List<XHostSession> closing;
            lock (Gate)
            {
                closing = Sessions.Where(s => s.Scope == scope).Select(s => s.Session).ToList();
                Sessions.RemoveAll(s => s.Scope == scope);
            }
            foreach (var session in closing) session.Dispose();
        }

        public static void Remove(XHostSession session)
        {
            lock (Gate) Sessions.RemoveAll(s => s.Session == session);
            session.Dispose();
        }
    }
}
