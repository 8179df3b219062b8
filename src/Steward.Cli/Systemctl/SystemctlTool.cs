using Steward.Cli.CommandLine;
using Steward.Cli.Hosting;

namespace Steward.Cli.Systemctl;

/// <summary>The systemctl front end: options, verb lookup, operand counts, then the verb.</summary>
public static class SystemctlTool
{
    private static readonly Getopt Parser = new(SystemctlOptions.All);

    public static int Run(IReadOnlyList<string> args, ToolContext context)
    {
        ParsedCommandLine parsed = Parser.Parse(args);
        if (parsed.Options.FindIndex(o => o.Id == "dot") is var dotIndex and >= 0)
        {
            ParsedOption dot = parsed.Options[dotIndex];
            // Parsing stops at the first error, so a "-." seen at all came before any error.
            context.GetoptError("invalid option -- '.'");
            context.Stderr.WriteLine($"Hint: to specify units starting with a dash, use \"--\":\n      {context.ProgramName} [OPTIONS...] COMMAND -- -.{dot.Value ?? "mount"} ...");
            return 1;
        }

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
                    context.Stdout.WriteLine("systemctl [OPTIONS...] COMMAND ...");
                    context.Stdout.WriteLine();
                    context.Stdout.WriteLine("Query or send control commands to the system manager (Steward).");
                    context.Stdout.WriteLine("See the systemctl(1) man page for details.");
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

        string verbName = parsed.Operands.Count > 0 ? parsed.Operands[0] : "list-units";
        SystemctlVerb? verb = SystemctlVerbs.Find(verbName);
        if (verb is null)
        {
            context.Stderr.WriteLine($"Unknown command verb {verbName}.");
            return 1;
        }

        // systemctl refuses runtime verbs on a root before it counts their operands. Steward's runtime
        // verbs instead talk to the manager running for that root (ROOT/run/systemd/private).
        bool hasRoot = parsed.Options.Exists(o => o.Id is "root" or "image");
        if (hasRoot && !verb.Offline && (verb.Handler is null || parsed.Options.Exists(o => o.Id == "image")))
        {
            context.Stderr.WriteLine($"Verb '{verb.Name}' cannot be used with --root= or --image=.");
            return 1;
        }

        string[] operands = [.. parsed.Operands.Skip(1)];
        if (!OperandCount.Check(context, operands.Length, verb.MinOperands, verb.MaxOperands))
        {
            return 1;
        }

        if (verb.Handler is null)
        {
            context.Stderr.WriteLine($"Verb '{verb.Name}' is not implemented yet in Steward.");
            return 1;
        }

        return verb.Handler(new SystemctlInvocation(context, parsed, verb.Name, operands));
    }
}
