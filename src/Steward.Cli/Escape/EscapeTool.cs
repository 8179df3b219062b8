using Steward.Cli.Hosting;

namespace Steward.Cli.Escape;

/// <summary>The systemd-escape front end.</summary>
public static class EscapeTool
{
    public static int Run(IReadOnlyList<string> args, ToolContext context)
    {
        _ = args;
        context.Stderr.WriteLine("systemd-escape is not implemented yet in Steward.");
        return 1;
    }
}
