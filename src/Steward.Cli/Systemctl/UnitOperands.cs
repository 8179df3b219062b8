using Steward.Cli.Hosting;
using Steward.Units.Names;

namespace Steward.Cli.Systemctl;

/// <summary>systemctl's reading of unit operands: paths are made absolute, everything else is mangled
/// into a unit name, with the notes systemctl prints when it had to escape what was typed.</summary>
public static class UnitOperands
{
    /// <summary>Mangles every operand, or prints why one cannot be and returns null.</summary>
    /// <param name="purpose">How the glob note names the use, e.g. "to enable" or "as dependency".</param>
    /// <param name="keepPaths">Operands containing '/' are file paths (made absolute against the
    /// working directory), not names.</param>
    public static List<string>? Mangle(ToolContext context, IEnumerable<string> operands, string purpose, string suffix = ".service", bool keepPaths = true)
    {
        var names = new List<string>();
        foreach (string operand in operands)
        {
            if (keepPaths && operand.Contains('/'))
            {
                names.Add(AbsolutePath(operand));
                continue;
            }

            MangledName mangled = UnitNameMangling.Mangle(SurrogateEscape.Encode(operand), suffix);
            if (mangled.Name is null)
            {
                context.Stderr.WriteLine($"Failed to mangle unit name or path '{operand}': Invalid argument");
                return null;
            }

            if (mangled.HadGlob)
            {
                context.Stderr.WriteLine($"Glob pattern passed {purpose}, but globs are not supported for this.");
                context.Stderr.WriteLine($"Invalid unit name \"{operand}\" escaped as \"{mangled.EscapedAs}\".");
            }
            else if (mangled.EscapedAs is { } escaped)
            {
                context.Stderr.WriteLine($"Invalid unit name \"{operand}\" escaped as \"{escaped}\" (maybe you should use systemd-escape?).");
            }

            names.Add(mangled.Name);
        }

        return names;
    }

    /// <summary>The path against the working directory, with "." components and repeated slashes
    /// dropped but ".." kept, as systemd simplifies paths without looking at the file system.</summary>
    private static string AbsolutePath(string path)
    {
        string full = path.StartsWith('/') ? path : Environment.CurrentDirectory + "/" + path;
        string[] kept = [.. full.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(c => c != ".")];
        return "/" + string.Join('/', kept);
    }
}
