using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace XHostNet.Execution
{
    /// <summary>
    /// Makes SSH executors. SSH.NET and its dependencies sit in the module's <c>ssh/</c> folder with XHostNet.Ssh.dll.
    /// On PowerShell 7 they load into an AssemblyLoadContext of XHostNet's own, so a process that already loaded
    /// another Renci.SshNet (Posh-SSH ships its own) can still open XHostNet SSH sessions, and the other module keeps
    /// its copy. Windows PowerShell 5.1 has no load contexts: there the folder is simply added to assembly resolution.
    /// </summary>
    public static class SshLoader
    {
        private const string ExecutorTypeName = "XHostNet.Ssh.SshExecutor";
        private static readonly Lazy<Type> ExecutorType = new Lazy<Type>(LoadExecutorType);

        /// <summary>The folder the SSH assemblies are loaded from: ssh/ beside XHostNet.dll.</summary>
        public static string Folder => Path.Combine(Path.GetDirectoryName(typeof(SshLoader).Assembly.Location) ?? ".", "ssh");

        public static ISshExecutor Create(SshConnectionSettings settings)
        {
            try
            {
                return (ISshExecutor)Activator.CreateInstance(ExecutorType.Value, settings)!;
            }
            catch (TargetInvocationException ex) when (ex.InnerException != null)
            {
                throw ex.InnerException;
            }
        }

        private static Type LoadExecutorType()
        {
            var path = Path.Combine(Folder, "XHostNet.Ssh.dll");
            if (!File.Exists(path))
                throw new FileNotFoundException($"The SSH part of XHostNet is missing: {path} (build src/XHostNet.Ssh, or reinstall the module).", path);
            var assembly = RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal)
                ? LoadIntoAppDomain(path)
                : LoadIsolated(path);
            return assembly.GetType(ExecutorTypeName, throwOnError: true)!;
        }

        // Kept out of line: .NET Framework must never JIT a method that names AssemblyLoadContext.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static Assembly LoadIsolated(string path) => new SshLoadContext(Path.GetDirectoryName(path)!).LoadFromAssemblyPath(path);

        private static Assembly LoadIntoAppDomain(string path)
        {
            var folder = Path.GetDirectoryName(path)!;
            AppDomain.CurrentDomain.AssemblyResolve += (_, args) =>
            {
                var candidate = Path.Combine(folder, new AssemblyName(args.Name).Name + ".dll");
                return File.Exists(candidate) ? Assembly.LoadFrom(candidate) : null;
            };
            return Assembly.LoadFrom(path);
        }

        /// <summary>
        /// Resolves the SSH assemblies from the ssh/ folder, ahead of anything the process already loaded; everything
        /// else comes from the default context: XHostNet.dll itself, whose types the executor shares with the module,
        /// and the runtime's own assemblies, whose netstandard stand-ins in ssh/ (System.Memory, …) must not replace them.
        /// </summary>
        private sealed class SshLoadContext : AssemblyLoadContext
        {
            private static readonly Lazy<System.Collections.Generic.HashSet<string>> Platform = new Lazy<System.Collections.Generic.HashSet<string>>(() =>
                new System.Collections.Generic.HashSet<string>(
                    ((AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string) ?? "").Split(Path.PathSeparator)
                        .Select(Path.GetFileNameWithoutExtension), StringComparer.OrdinalIgnoreCase));

            private readonly string _folder;

            public SshLoadContext(string folder) => _folder = folder;

            protected override Assembly? Load(AssemblyName assemblyName)
            {
                if (assemblyName.Name is null || Platform.Value.Contains(assemblyName.Name)) return null;
                var candidate = Path.Combine(_folder, assemblyName.Name + ".dll");
                return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
            }
        }
    }
}
