namespace Steward.Units.Names;

/// <summary>The facts about unit names that systemd-escape needs: suffixes, templates, instances.</summary>
public static class UnitNames
{
    /// <summary>systemd's UNIT_NAME_MAX: the buffer size, so a name holds at most 255 characters.</summary>
    public const int MaxLength = 256;

    public static readonly IReadOnlyList<string> Suffixes =
        ["service", "mount", "swap", "socket", "target", "device", "automount", "timer", "path", "slice", "scope"];

    public static bool IsValidSuffix(string suffix) => Suffixes.Contains(suffix);

    public static bool IsValidNameCharacter(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or ':' or '_' or '.' or '-' or '\\' or '@';

    /// <summary>Splits "prefix@instance.suffix"; null unless the whole is a valid unit name.</summary>
    public static (string Prefix, string? Instance, string Suffix)? Split(string name)
    {
        int dot = name.LastIndexOf('.');
        if (name.Length == 0 || name.Length >= MaxLength || dot <= 0 || !IsValidSuffix(name[(dot + 1)..]))
        {
            return null;
        }

        string stem = name[..dot];
        if (!stem.All(IsValidNameCharacter))
        {
            return null;
        }

        int at = stem.IndexOf('@');
        if (at < 0)
        {
            return (stem, null, name[(dot + 1)..]);
        }

        if (at == 0)
        {
            return null;
        }

        return (stem[..at], stem[(at + 1)..], name[(dot + 1)..]);
    }

    /// <summary>Whether the name is a template: "prefix@.suffix".</summary>
    public static bool IsTemplate(string name) => Split(name) is { Instance: "" };
}
