using Steward.Cli.CommandLine;
using Steward.Cli.Hosting;
using Steward.Control;
using Steward.Units.Loading;

namespace Steward.Cli.Daemon;

/// <summary><c>steward daemon [--system|--user] [--root=DIR] [--unit=UNIT] [--log-target=console]</c>
/// (also argv[0] <c>systemd</c>): runs the manager in the foreground.</summary>
public static class DaemonTool
{
    private static readonly Getopt Parser = new(
    [
        new("system", null, ArgumentKind.None, "system"),
        new("user", null, ArgumentKind.None, "user"),
        new("root", null, ArgumentKind.Required, "root"),
        new("unit", null, ArgumentKind.Required, "unit"),
        new("log-target", null, ArgumentKind.Required, "log-target"),
        new("help", 'h', ArgumentKind.None, "help"),
    ]);

    public static int Run(IReadOnlyList<string> args, ToolContext context)
    {
        ParsedCommandLine parsed = Parser.Parse(args);
        if (parsed.Error is not null)
        {
            context.GetoptError(parsed.Error);
            return 1;
        }

        if (parsed.Options.Exists(o => o.Id == "help"))
        {
            context.Stdout.WriteLine("steward daemon [--system|--user] [--root=DIR] [--unit=UNIT] [--log-target=console|journal]");
            context.Stdout.WriteLine();
            context.Stdout.WriteLine("Runs the Steward service manager in the foreground.");
            return 0;
        }

        if (parsed.Operands.Count > 0)
        {
            context.Stderr.WriteLine($"{context.ProgramName}: excess arguments.");
            return 1;
        }

        string? Last(string id) => parsed.Options.LastOrDefault(o => o.Id == id).Value;
        UnitScope scope = parsed.Options.Exists(o => o.Id == "user") ? UnitScope.User : UnitScope.System;
        string root = Last("root") is { Length: > 0 } r ? Path.GetFullPath(r).TrimEnd('/') : "";
        if (root.Length > 0 && !Directory.Exists(root))
        {
            context.Stderr.WriteLine($"Root directory {root} does not exist.");
            return 1;
        }

        string unit = Last("unit") ?? "default.target";
        bool console = Last("log-target") == "console";
        context.Flush();
        return new ManagerHost(new DaemonOptions(scope, root, unit, console), Console.Error).Run();
    }
}
