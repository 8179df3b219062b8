using Steward.Cli.Analyze;
using Steward.Cli.Escape;
using Steward.Cli.Hosting;
using Steward.Cli.Systemctl;

namespace Steward.Cli;

/// <summary>
/// Chooses the front end: by the basename of argv[0] (<c>systemctl</c>, <c>systemd-analyze</c>,
/// <c>systemd-escape</c>, <c>journalctl</c>), or, when invoked as <c>steward</c>, by a first operand
/// naming a tool (<c>steward escape …</c>, <c>steward analyze …</c>); anything else is systemctl's
/// command line.
/// </summary>
public static class MultiCall
{
    public static int Run(string argv0, IReadOnlyList<string> args, ToolContext context)
    {
        string name = Path.GetFileName(argv0);
        switch (name)
        {
            case "systemd-escape":
                return EscapeTool.Run(args, context);
            case "systemd-analyze":
                return AnalyzeTool.Run(args, context);
            case "systemctl":
                return SystemctlTool.Run(args, context);
            case "journalctl":
                return NotYetImplemented(context, "journalctl");
            case "systemd":
                return Daemon.DaemonTool.Run(args, context);
        }

        if (args.Count > 0)
        {
            string[] rest = [.. args.Skip(1)];
            switch (args[0])
            {
                case "escape":
                    return EscapeTool.Run(rest, context);
                case "analyze":
                    return AnalyzeTool.Run(rest, context);
                case "daemon":
                    return Daemon.DaemonTool.Run(rest, context);
                case "journal":
                case "journalctl":
                    return NotYetImplemented(context, "journalctl");
            }
        }

        return SystemctlTool.Run(args, context);
    }

    private static int NotYetImplemented(ToolContext context, string what)
    {
        context.Stderr.WriteLine($"{what} is not implemented yet in Steward.");
        return 1;
    }
}
