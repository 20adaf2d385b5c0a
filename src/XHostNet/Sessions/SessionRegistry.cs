using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace XHostNet.Sessions
{
    /// <summary>The sessions made with New-XHostSession in this process, so Get-/Remove-XHostSession can find them.</summary>
    public static class SessionRegistry
    {
        private static readonly object Gate = new object();
        private static readonly List<XHostSession> Sessions = new List<XHostSession>();
        private static int _lastId;

        public static XHostSession Add(XHostSession session)
        {
            lock (Gate)
            {
                session.Id = Interlocked.Increment(ref _lastId);
                Sessions.Add(session);
            }
            return session;
        }

        public static IReadOnlyList<XHostSession> All()
        {
            lock (Gate) return Sessions.ToList();
        }

        public static void Remove(XHostSession session)
        {
            lock (Gate) Sessions.Remove(session);
            session.Dispose();
        }
    }
}
