using System.Runtime.Versioning;

// The execution layer is Linux only, and so are its tests.
[assembly: SupportedOSPlatform("linux")]

namespace Steward.Exec.Tests;

/// <summary>The test assembly's entry point: started as <c>Steward.Exec.Tests --executor</c> by the spawner
/// (see <see cref="Harness"/>), it is the executor, as the steward binary is in production.</summary>
public static class ExecutorHost
{
    public static int Main(string[] args) =>
        args is ["--executor", ..] ? Executor.Run(args) : 2;
}
