using Steward.Units.Syntax;

namespace Steward.Manager.Definitions;

/// <summary>The special prefixes of an <c>Exec*=</c> line (man systemd.service, "Table 1").</summary>
[Flags]
public enum ExecFlags
{
    None = 0,
    /// <summary><c>-</c>: a failing exit status is recorded but not treated as failure.</summary>
    IgnoreFailure = 1 << 0,
    /// <summary><c>@</c>: the second word is argv[0].</summary>
    SeparateArgv0 = 1 << 1,
    /// <summary><c>:</c>: no environment variable substitution.</summary>
    NoEnvironmentExpansion = 1 << 2,
    /// <summary><c>+</c>: full privileges (User=, sandboxing not applied).</summary>
    FullPrivileges = 1 << 3,
    /// <summary><c>!</c> / <c>!!</c>: credentials applied without the sandbox.</summary>
    AmbientPrivileges = 1 << 4,
}

/// <summary>One command line of an <c>Exec*=</c> setting, specifiers resolved, variables not yet
/// expanded (that happens at spawn time, with the environment of that moment).</summary>
public sealed record ExecCommand(string Path, IReadOnlyList<string> Arguments, ExecFlags Flags, string RawLine)
{
    public bool IgnoreFailure => Flags.HasFlag(ExecFlags.IgnoreFailure);

    /// <summary>Parses one line. Returns null with <paramref name="error"/> set for an empty command,
    /// bad quoting or a relative path that is not a plain file name.</summary>
    public static ExecCommand? Parse(string value, out string? error)
    {
        error = null;
        string text = value.TrimStart();
        var flags = ExecFlags.None;
        int at = 0;
        while (at < text.Length)
        {
            char c = text[at];
            ExecFlags flag = c switch
            {
                '-' => ExecFlags.IgnoreFailure,
                '@' => ExecFlags.SeparateArgv0,
                ':' => ExecFlags.NoEnvironmentExpansion,
                '+' => ExecFlags.FullPrivileges,
                '!' => ExecFlags.AmbientPrivileges,
                _ => ExecFlags.None,
            };
            if (flag == ExecFlags.None)
            {
                break;
            }

            flags |= flag;
            at++;
        }

        IReadOnlyList<string>? words = ValueWords.Split(text[at..], out string? splitError);
        if (words is null)
        {
            error = splitError ?? "Invalid command line";
            return null;
        }

        if (words.Count == 0)
        {
            error = "Empty executable name or zeroeth argument";
            return null;
        }

        string path = words[0];
        List<string> arguments;
        if (flags.HasFlag(ExecFlags.SeparateArgv0))
        {
            if (words.Count < 2)
            {
                error = "Empty executable name or zeroeth argument";
                return null;
            }

            arguments = [.. words.Skip(1)];
        }
        else
        {
            arguments = [.. words];
        }

        if (!path.StartsWith('/') && path.Contains('/', StringComparison.Ordinal))
        {
            error = $"Neither a valid executable name nor an absolute path: {path}";
            return null;
        }

        return new ExecCommand(path, arguments, flags, value.Trim());
    }
}
