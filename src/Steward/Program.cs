using Steward.Cli;
using Steward.Cli.Hosting;

namespace Steward;

/// <summary>The executable: raw argv, the standard streams, and dispatch. Nothing else lives here.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        // The hidden executor mode (Steward.Exec.Spawner starts this binary so): before anything else runs.
        if (args is ["--executor", ..])
        {
            return Steward.Exec.Executor.Run(args);
        }

        (string argv0, IReadOnlyList<string> arguments) = RawCommandLine.Read(args);
        using Stream stdout = Console.OpenStandardOutput();
        using Stream stderr = Console.OpenStandardError();
        var context = new ToolContext(argv0, stdout, stderr, Environment.GetEnvironmentVariable, !Console.IsOutputRedirected);
        int code;
        try
        {
            code = MultiCall.Run(argv0, arguments, context);
        }
        finally
        {
            try
            {
                context.Flush();
            }
            catch (IOException)
            {
                // A closed pipe (e.g. `| head`) is not an error worth a trace.
            }
        }

        return code;
    }
}
