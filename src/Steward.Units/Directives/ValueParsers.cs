using Steward.Units.Syntax;

namespace Steward.Units.Directives;

/// <summary>The value checkers used by the directive table, each worded as systemd 252 words its message.</summary>
public static class ValueParsers
{
    private static readonly string[] Booleans = ["1", "yes", "y", "true", "t", "on", "0", "no", "n", "false", "f", "off"];

    private static readonly string[] Signals =
    [
        "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "IOT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM",
        "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF",
        "WINCH", "IO", "POLL", "PWR", "SYS",
    ];

    /// <summary>Accepts anything: directives Steward does not check in depth yet.</summary>
    public static readonly ValueParser Any = (key, value) => null;

    public static readonly ValueParser Boolean = (key, v) =>
        IsBoolean(v) ? null : $"Failed to parse boolean value, ignoring: {v}";

    public static readonly ValueParser Unsigned = (key, v) =>
        ulong.TryParse(v, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _)
            ? null : $"Failed to parse unsigned value, ignoring: {v}";

    /// <summary>config_parse_sec: "Failed to parse sec value".</summary>
    public static readonly ValueParser Sec = (key, v) =>
        TimespanSyntax.IsValid(v) ? null : $"Failed to parse sec value, ignoring: {v}";

    /// <summary>Timeouts whose parser names the directive: "Failed to parse TimeoutSec= parameter".</summary>
    public static readonly ValueParser NamedSec = (k, v) =>
        v.Length == 0 || TimespanSyntax.IsValid(v) ? null : $"Failed to parse {k}= parameter, ignoring: {v}";

    public static readonly ValueParser TimerValue = (key, v) =>
        v.Length == 0 || TimespanSyntax.IsValid(v) ? null : $"Failed to parse timer value, ignoring: {v}";

    public static readonly ValueParser Signal = (key, v) =>
        v.Length == 0 || IsSignal(v) ? null : $"Failed to parse signal name, ignoring: {v}";

    public static readonly ValueParser Nice = (key, v) =>
        v.Length == 0 || (int.TryParse(v, System.Globalization.CultureInfo.InvariantCulture, out int n) && n >= -20 && n <= 19)
            ? null : $"Failed to parse nice priority '{v}', ignoring: {(int.TryParse(v, System.Globalization.CultureInfo.InvariantCulture, out _) ? "Numerical result out of range" : "Invalid argument")}";

    /// <summary>An allowed-values list; empty resets to the default, as systemd's enum parsers allow.</summary>
    public static ValueParser Enum(string what, params string[] allowed) => (key, v) =>
        v.Length == 0 || Array.IndexOf(allowed, v) >= 0 ? null : $"Failed to parse {what}, ignoring: {v}";

    /// <summary>Dependencies: every word must be a valid unit name.</summary>
    public static readonly ValueParser Dependency = (key, v) =>
    {
        IReadOnlyList<string>? words = ValueWords.Split(v, out _);
        if (words is null)
        {
            return $"Invalid syntax, ignoring: {v}";
        }

        foreach (string name in words)
        {
            if (!name.Contains('%', StringComparison.Ordinal) && !UnitNameSyntax.IsValid(name))
            {
                return $"Failed to add dependency on {name}, ignoring: Invalid argument";
            }
        }

        return null;
    };

    /// <summary>User= and Group=: systemd warns about the overflow identities.</summary>
    public static readonly ValueParser UserOrGroup = (key, v) =>
        v is "nobody" or "nogroup" ? $"Special {(key == "User" ? "user" : "group")} {v} configured, this is not safe!" : null;

    public static bool IsTrue(string value) => Array.IndexOf(Booleans, value.ToLowerInvariant()) is >= 0 and < 6;

    public static bool IsBoolean(string value) => Array.Exists(Booleans, b => string.Equals(b, value, StringComparison.OrdinalIgnoreCase));

    private static bool IsSignal(string value)
    {
        if (int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n))
        {
            return n > 0 && n < 65;
        }

        string name = value.StartsWith("SIG", StringComparison.Ordinal) ? value[3..] : value;
        return Array.IndexOf(Signals, name) >= 0 || name.StartsWith("RTMIN", StringComparison.Ordinal) || name.StartsWith("RTMAX", StringComparison.Ordinal);
    }
}
