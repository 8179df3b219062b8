using Steward.Cli.CommandLine;
using Steward.Cli.Hosting;

namespace Steward.Cli.Analyze;

/// <summary>The systemd-analyze front end: options, then the verb.</summary>
public static class AnalyzeTool
{
    private const int Many = int.MaxValue;

    private static readonly Getopt Parser = new(AnalyzeOptions.All);

    /// <summary>Verbs: name, operand counts, and the implementation (null: not in Steward yet).</summary>
    private static readonly (string Name, int Min, int Max, Func<AnalyzeInvocation, int>? Handler)[] Verbs =
    [
        ("time", 0, 0, null),
        ("blame", 0, 0, null),
        ("critical-chain", 0, Many, null),
        ("plot", 0, 0, null),
        ("dot", 0, Many, null),
        ("dump", 0, Many, null),
        ("cat-config", 1, Many, null),
        ("unit-files", 0, Many, null),
        ("unit-paths", 0, 0, null),
        ("exit-status", 0, Many, null),
        ("capability", 0, Many, null),
        ("syscall-filter", 0, Many, null),
        ("filesystems", 0, Many, null),
        ("condition", 1, Many, null),
        ("compare-versions", 2, 3, null),
        ("verify", 1, Many, VerifyVerb.Run),
        ("calendar", 1, Many, CalendarVerb.Run),
        ("timestamp", 1, Many, TimestampVerb.Run),
        ("timespan", 1, Many, TimespanVerb.Run),
        ("security", 0, Many, null),
        ("inspect-elf", 1, Many, null),
        ("log-level", 0, 1, null),
        ("log-target", 0, 1, null),
        ("service-watchdogs", 0, 1, null),
    ];

    public static int Run(IReadOnlyList<string> args, ToolContext context)
    {
        ParsedCommandLine parsed = Parser.Parse(args);
        if (parsed.Error is not null)
        {
            context.GetoptError(parsed.Error);
            return 1;
        }

        foreach (ParsedOption option in parsed.Options)
        {
            switch (option.Id)
            {
                case "help":
                    context.Stdout.WriteLine("systemd-analyze [OPTIONS...] COMMAND ...");
                    context.Stdout.WriteLine();
                    context.Stdout.WriteLine("Profile systemd, show unit dependencies, check unit files (Steward).");
                    context.Stdout.WriteLine("See the systemd-analyze(1) man page for details.");
                    return 0;
                case "version":
                    VersionInfo.Print(context);
                    return 0;
                case "host":
                case "machine":
                    context.Stderr.WriteLine("Operating on remote hosts or containers is not supported by Steward.");
                    return 1;
            }
        }

        string verbName = parsed.Operands.Count > 0 ? parsed.Operands[0] : "time";
        int index = Array.FindIndex(Verbs, v => v.Name == verbName);
        if (index < 0)
        {
            context.Stderr.WriteLine($"Unknown command verb {verbName}.");
            return 1;
        }

        var verb = Verbs[index];
        string[] operands = [.. parsed.Operands.Skip(1)];
        if (!OperandCount.Check(context, operands.Length, verb.Min, verb.Max))
        {
            return 1;
        }

        if (verb.Handler is null)
        {
            context.Stderr.WriteLine($"Verb '{verb.Name}' is not implemented yet in Steward.");
            return 1;
        }

        return verb.Handler(new AnalyzeInvocation(context, parsed, operands));
    }
}
