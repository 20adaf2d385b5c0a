using System.Collections.Generic;
using System.Linq;
using XHostNet.Execution;
using XHostNet.Sessions;

namespace XHostNet.Docker
{
    /// <summary>Builds docker command lines for a session's engine endpoint, and explains the failures users meet most.</summary>
    public static class DockerCli
    {
        public static IReadOnlyList<string> Command(XHostSession session, params string[] arguments)
        {
            var argv = new List<string> { "docker" };
            if (session.DockerHost != null) argv.AddRange(new[] { "-H", session.DockerHost });
            argv.AddRange(arguments);
            return argv;
        }

        public const string DefaultEndpoint = "unix:///var/run/docker.sock";

        public static string EndpointOf(XHostSession session) => session.DockerHost ?? DefaultEndpoint;

        public static XHostException? Explain(CommandResult result, XHostSession session)
        {
            if (result.Succeeded) return null;
            var err = result.StandardError;
            if (result.ExitCode == 127)
                return new XHostException(XHostErrorKind.Unavailable, ErrorIds.DockerNotInstalled,
                    $"The docker client is not installed on host '{session.Host}' (Debian/Ubuntu: apt-get install docker.io).");
            if (err.Contains("Cannot connect to the Docker daemon") || err.Contains("Is the docker daemon running"))
                return new XHostException(XHostErrorKind.Unavailable, ErrorIds.DockerEngineUnavailable,
                    $"The Docker engine on host '{session.Host}' does not answer at {EndpointOf(session)}. Start dockerd, or make the session with " +
                    "-DockerHost pointing at its socket.");
            return null;
        }

        /// <summary>Waits (on the host) until the engine answers, up to the given seconds; the endpoint is an argument, never part of the script.</summary>
        public static IReadOnlyList<string> WaitUntilAnswering(XHostSession session, int seconds) =>
            new[] { "timeout", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "sh", "-c",
                "until \"$@\" version >/dev/null 2>&1; do sleep 0.2; done", "sh" }.Concat(Command(session)).ToList();
    }
}
