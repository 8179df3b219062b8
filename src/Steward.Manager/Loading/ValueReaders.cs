using Steward.Time;

namespace Steward.Manager.Loading;

/// <summary>The small value syntaxes of unit files (booleans, timespans, signals, exit statuses).</summary>
internal static class ValueReaders
{
    public static bool? Boolean(string value) => value.ToLowerInvariant() switch
    {
        "1" or "yes" or "y" or "true" or "t" or "on" => true,
        "0" or "no" or "n" or "false" or "f" or "off" => false,
        _ => null,
    };

    /// <summary>A timespan in seconds by default; "infinity" is <see cref="Timespan.Infinity"/>.</summary>
    public static ulong? Seconds(string value) =>
        Timespan.TryParse(value, Timespan.Second, out ulong usec) == TimespanParseResult.Ok ? usec : null;

    /// <summary>Timeouts where 0 means "no timeout".</summary>
    public static ulong? Timeout(string value) => Seconds(value) is { } usec ? (usec == 0 ? Timespan.Infinity : usec) : null;

    /// <summary>A signal by number, <c>TERM</c> or <c>SIGTERM</c>, or <c>RTMIN+n</c>.</summary>
    public static int? Signal(string value) => Steward.Exec.Signals.Parse(value);

    /// <summary>An octal file mode such as <c>0022</c>.</summary>
    public static int? Octal(string value)
    {
        if (value.Length == 0 || value.Length > 4)
        {
            return null;
        }

        int result = 0;
        foreach (char c in value)
        {
            if (c is < '0' or > '7')
            {
                return null;
            }

            result = (result * 8) + (c - '0');
        }

        return result;
    }
}
