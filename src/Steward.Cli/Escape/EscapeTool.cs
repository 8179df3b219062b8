using Steward.Cli.CommandLine;
using Steward.Cli.Hosting;
using Steward.Units.Names;

namespace Steward.Cli.Escape;

/// <summary>The systemd-escape front end: the options' checks in systemd-escape's order, then each
/// operand in turn; results are separated by spaces, and a failing operand stops the run with what
/// was printed before it kept.</summary>
public static class EscapeTool
{
    private static readonly Getopt Parser = new(
    [
        new("help", 'h', ArgumentKind.None, "help"),
        new("version", null, ArgumentKind.None, "version"),
        new("suffix", null, ArgumentKind.Required, "suffix"),
        new("template", null, ArgumentKind.Required, "template"),
        new("unescape", 'u', ArgumentKind.None, "unescape"),
        new("mangle", 'm', ArgumentKind.None, "mangle"),
        new("path", 'p', ArgumentKind.None, "path"),
        new("instance", null, ArgumentKind.None, "instance"),
    ]);

    private const string HelpText = """
        systemd-escape [OPTIONS...] [NAME...]

        Escape strings for usage in systemd unit names.

          -h --help               Show this help
             --version            Show package version
             --suffix=SUFFIX      Unit suffix to append to escaped strings
             --template=TEMPLATE  Insert strings as instance into template
             --instance           With --unescape, show just the instance part
          -u --unescape           Unescape strings
          -m --mangle             Mangle strings
          -p --path               When escaping/unescaping assume the string is a path

        See the systemd-escape(1) man page for details.

        """;

    private enum Action
    {
        Escape,
        Unescape,
        Mangle,
    }

    public static int Run(IReadOnlyList<string> args, ToolContext context)
    {
        // Options before a bad one take effect first (and may fail first), as getopt hands them out in order.
        ParsedCommandLine parsed = Parser.Parse(args);

        var action = Action.Escape;
        string? suffix = null;
        string? template = null;
        bool path = false;
        bool instance = false;
        foreach (ParsedOption option in parsed.Options)
        {
            switch (option.Id)
            {
                case "help":
                    context.Stdout.Write(HelpText);
                    return 0;
                case "version":
                    VersionInfo.Print(context);
                    return 0;
                case "suffix":
                    if (!UnitNames.IsValidSuffix(option.Value!))
                    {
                        context.Stderr.WriteLine($"Invalid unit suffix type \"{option.Value}\".");
                        return 1;
                    }

                    suffix = option.Value;
                    break;
                case "template":
                    if (!UnitNames.IsTemplate(option.Value!))
                    {
                        context.Stderr.WriteLine($"Template name {option.Value} is not valid.");
                        return 1;
                    }

                    template = option.Value;
                    break;
                case "unescape":
                    action = Action.Unescape;
                    break;
                case "mangle":
                    action = Action.Mangle;
                    break;
                case "path":
                    path = true;
                    break;
                case "instance":
                    instance = true;
                    break;
            }
        }

        if (parsed.Error is not null)
        {
            context.GetoptError(parsed.Error);
            return 1;
        }

        string? conflict =
            action == Action.Unescape && suffix is not null ? "--suffix is not compatible with --unescape."
            : suffix is not null && template is not null ? "--suffix= and --template= may not be combined."
            : action == Action.Mangle && (template is not null || suffix is not null) ? "--suffix= and --template= are not compatible with --mangle."
            : action == Action.Mangle && path ? "--path may not be combined with --mangle."
            : instance && action != Action.Unescape ? "--instance must be used in conjunction with --unescape."
            : instance && template is not null ? "--instance may not be combined with --template."
            : null;
        if (conflict is not null)
        {
            context.Stderr.WriteLine(conflict);
            return 1;
        }

        if (parsed.Operands.Count == 0)
        {
            context.Stderr.WriteLine("Not enough arguments.");
            return 1;
        }

        bool first = true;
        foreach (string operand in parsed.Operands)
        {
            string? result = action switch
            {
                Action.Escape => EscapeOne(operand, path, suffix, template, context),
                Action.Unescape => UnescapeOne(operand, path, instance, template, context),
                _ => MangleOne(operand, context),
            };
            if (result is null)
            {
                return 1;
            }

            if (!first)
            {
                context.Stdout.Write(" ");
            }

            context.Stdout.Write(result);
            first = false;
        }

        context.Stdout.WriteLine();
        return 0;
    }

    private static string? EscapeOne(string operand, bool path, string? suffix, string? template, ToolContext context)
    {
        byte[] bytes = SurrogateEscape.Encode(operand);
        string escaped;
        if (path)
        {
            bool absolute = bytes.Length > 0 && bytes[0] == '/';
            if (bytes.Length == 0)
            {
                context.Stderr.WriteLine($"Input '{operand}' is not a valid file system path, escaping is likely not going be reversible.");
            }
            else if (!UnitNameEscaping.HasNoParentReferences(bytes) || (!absolute && UnitNameEscaping.EscapePath(bytes) == "-"))
            {
                context.Stderr.WriteLine(absolute
                    ? $"Input '{operand}' is not a normalized file system path, failed to escape."
                    : $"Input '{operand}' is not an absolute file system path, failed to escape.");
                return null;
            }
            else if (!absolute)
            {
                context.Stderr.WriteLine($"Input '{operand}' is not an absolute file system path, escaping is likely not going to be reversible.");
            }

            escaped = UnitNameEscaping.EscapePath(bytes);
        }
        else
        {
            escaped = UnitNameEscaping.Escape(bytes);
        }

        if (template is not null)
        {
            int at = template.IndexOf('@');
            string name = template[..(at + 1)] + escaped + template[(at + 1)..];
            if (escaped.Length == 0 || UnitNames.Split(name) is null)
            {
                context.Stderr.WriteLine("Failed to replace instance: Invalid argument");
                return null;
            }

            return name;
        }

        return suffix is null ? escaped : escaped + "." + suffix;
    }

    private static string? UnescapeOne(string operand, bool path, bool instance, string? template, ToolContext context)
    {
        string source = operand;
        if (template is not null || instance)
        {
            var split = UnitNames.Split(operand);
            if (split is null)
            {
                context.Stderr.WriteLine("Failed to extract instance: Invalid argument");
                return null;
            }

            (string prefix, string? inst, string suffix) = split.Value;
            if (string.IsNullOrEmpty(inst))
            {
                context.Stderr.WriteLine($"Unit {operand} is missing the instance name.");
                return null;
            }

            if (template is not null && $"{prefix}@.{suffix}" != template)
            {
                context.Stderr.WriteLine($"Unit {operand} template {prefix}@.{suffix} does not match specified template {template}.");
                return null;
            }

            source = inst;
        }

        byte[] bytes = SurrogateEscape.Encode(source);
        byte[]? result = path ? UnitNameEscaping.UnescapePath(bytes) : UnitNameEscaping.Unescape(bytes);
        if (result is null)
        {
            context.Stderr.WriteLine("Failed to unescape string: Invalid argument");
            return null;
        }

        return SurrogateEscape.Decode(result);
    }

    private static string? MangleOne(string operand, ToolContext context)
    {
        if (operand.Length == 0)
        {
            context.Stderr.WriteLine("Failed to mangle name: Invalid argument");
            return null;
        }

        string? name = UnitNameMangling.Mangle(SurrogateEscape.Encode(operand)).Name;
        if (name is null)
        {
            context.Stderr.WriteLine("Failed to mangle name: Invalid argument");
        }

        return name;
    }
}
