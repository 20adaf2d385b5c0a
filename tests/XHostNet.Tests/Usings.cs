global using Xunit;

// The suite drives Linux itself: namespaces, iproute2, sshd, Unix file modes.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
