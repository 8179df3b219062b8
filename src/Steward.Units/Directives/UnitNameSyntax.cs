namespace Steward.Units.Directives;

/// <summary>A small private unit-name check for dependency values, until Steward.Units.Names is merged.</summary>
internal static class UnitNameSyntax
{
    private static readonly string[] Types =
        ["service", "socket", "target", "device", "mount", "automount", "swap", "timer", "path", "slice", "scope"];

    public static bool IsValid(string name)
    {
        if (name.Length == 0 || name.Length > 255)
        {
            return false;
        }

        int dot = name.LastIndexOf('.');
        if (dot <= 0 || Array.IndexOf(Types, name[(dot + 1)..]) < 0)
        {
            return false;
        }

        string prefix = name[..dot];
        int at = prefix.IndexOf('@');
        if (at == 0 || (at > 0 && prefix.IndexOf('@', at + 1) >= 0))
        {
            return false;
        }

        return prefix.All(c => char.IsAsciiLetterOrDigit(c) || c is ':' or '-' or '_' or '.' or '\\' or '@');
    }
}
