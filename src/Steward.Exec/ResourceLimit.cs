using System.Globalization;

namespace Steward.Exec;

/// <summary>One setrlimit(2) pair. <see cref="ResourceLimits.Infinity"/> is RLIM_INFINITY.</summary>
public sealed record ResourceLimit(int Resource, ulong Soft, ulong Hard);

/// <summary>systemd's LimitXXX= directives: names, rlimit numbers and value syntax ("infinity", "soft:hard",
/// byte suffixes K/M/G/T/P/E base 1024, time spans for LimitCPU= (seconds) and LimitRTTIME= (µs), nice
/// levels for LimitNICE=).</summary>
public static class ResourceLimits
{
    public const ulong Infinity = ulong.MaxValue;

    private enum Unit
    {
        Count,
        Bytes,
        Seconds,
        Microseconds,
        Nice,
    }

    private static readonly (string Directive, int Resource, Unit Unit)[] Table =
    [
        ("LimitCPU", 0, Unit.Seconds),
        ("LimitFSIZE", 1, Unit.Bytes),
        ("LimitDATA", 2, Unit.Bytes),
        ("LimitSTACK", 3, Unit.Bytes),
        ("LimitCORE", 4, Unit.Bytes),
        ("LimitRSS", 5, Unit.Bytes),
        ("LimitNPROC", 6, Unit.Count),
        ("LimitNOFILE", 7, Unit.Count),
        ("LimitMEMLOCK", 8, Unit.Bytes),
        ("LimitAS", 9, Unit.Bytes),
        ("LimitLOCKS", 10, Unit.Count),
        ("LimitSIGPENDING", 11, Unit.Count),
        ("LimitMSGQUEUE", 12, Unit.Bytes),
        ("LimitNICE", 13, Unit.Nice),
        ("LimitRTPRIO", 14, Unit.Count),
        ("LimitRTTIME", 15, Unit.Microseconds),
    ];

    /// <summary>The directive names, LimitCPU= .. LimitRTTIME= (without "=").</summary>
    public static IEnumerable<string> DirectiveNames => Table.Select(entry => entry.Directive);

    /// <summary>The rlimit number of a directive ("LimitNOFILE" → 7), or null.</summary>
    public static int? ResourceOf(string directive)
    {
        foreach (var entry in Table)
        {
            if (entry.Directive.Equals(directive, StringComparison.Ordinal))
            {
                return entry.Resource;
            }
        }

        return null;
    }

    /// <summary>The directive of an rlimit number (7 → "LimitNOFILE"), or null.</summary>
    public static string? DirectiveOf(int resource) =>
        resource >= 0 && resource < Table.Length ? Table[resource].Directive : null;

    /// <summary>Parses a directive's value ("4096", "1024:524288", "infinity", "8M", "1h"). Returns null and an
    /// error message on bad input.</summary>
    public static ResourceLimit? Parse(string directive, string value, out string? error)
    {
        int index = Array.FindIndex(Table, entry => entry.Directive.Equals(directive, StringComparison.Ordinal));
        if (index < 0)
        {
            error = $"Unknown resource limit directive {directive}=";
            return null;
        }

        var (_, resource, unit) = Table[index];
        string trimmed = value.Trim();
        int colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        string softText = colon < 0 ? trimmed : trimmed[..colon];
        string hardText = colon < 0 ? trimmed : trimmed[(colon + 1)..];
        if (ParseOne(softText, unit) is not { } soft || ParseOne(hardText, unit) is not { } hard)
        {
            error = $"Failed to parse resource value, ignoring: {value}";
            return null;
        }

        if (soft > hard)
        {
            error = $"Soft resource limit chosen higher than hard limit, ignoring: {value}";
            return null;
        }

        error = null;
        return new ResourceLimit(resource, soft, hard);
    }

    private static ulong? ParseOne(string text, Unit unit)
    {
        text = text.Trim();
        if (text.Length == 0)
        {
            return null;
        }

        if (text.Equals("infinity", StringComparison.Ordinal))
        {
            return Infinity;
        }

        return unit switch
        {
            Unit.Count => ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong n) ? n : null,
            Unit.Bytes => ParseBytes(text),
            Unit.Seconds => ParseTimeSpan(text, 1_000_000) is { } us ? (us + 999_999) / 1_000_000 : null,
            Unit.Microseconds => ParseTimeSpan(text, 1),
            Unit.Nice => ParseNice(text),
            _ => null,
        };
    }

    private static ulong? ParseBytes(string text)
    {
        int end = 0;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        if (end == 0 || !ulong.TryParse(text.AsSpan(0, end), NumberStyles.None, CultureInfo.InvariantCulture, out ulong n))
        {
            return null;
        }

        string suffix = text[end..].Trim();
        int shift = suffix switch
        {
            "" or "B" => 0,
            "K" => 10,
            "M" => 20,
            "G" => 30,
            "T" => 40,
            "P" => 50,
            "E" => 60,
            _ => -1,
        };
        if (shift < 0 || (shift > 0 && n > ulong.MaxValue >> shift))
        {
            return null;
        }

        return n << shift;
    }

    /// <summary>A systemd time span ("1h 30min", "500ms", "10"); a bare number is in <paramref name="defaultUnitUs"/>.</summary>
    private static ulong? ParseTimeSpan(string text, ulong defaultUnitUs)
    {
        ulong total = 0;
        int i = 0;
        bool any = false;
        while (i < text.Length)
        {
            while (i < text.Length && text[i] == ' ')
            {
                i++;
            }

            if (i == text.Length)
            {
                break;
            }

            int start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (start == i || !ulong.TryParse(text.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture, out ulong n))
            {
                return null;
            }

            while (i < text.Length && text[i] == ' ')
            {
                i++;
            }

            int unitStart = i;
            while (i < text.Length && char.IsAsciiLetter(text[i]))
            {
                i++;
            }

            ulong? factor = text[unitStart..i] switch
            {
                "" => defaultUnitUs,
                "us" or "usec" or "µs" => 1UL,
                "ms" or "msec" => 1_000UL,
                "s" or "sec" or "second" or "seconds" => 1_000_000UL,
                "m" or "min" or "minute" or "minutes" => 60_000_000UL,
                "h" or "hr" or "hour" or "hours" => 3_600_000_000UL,
                "d" or "day" or "days" => 86_400_000_000UL,
                "w" or "week" or "weeks" => 604_800_000_000UL,
                _ => null,
            };
            if (factor is null)
            {
                return null;
            }

            if (n > (ulong.MaxValue - total) / factor.Value)
            {
                return null;
            }

            total += n * factor.Value;
            any = true;
        }

        return any ? total : null;
    }

    /// <summary>LimitNICE=: "+N"/"-N" are nice levels (rlimit 20 - N), a bare number is the raw rlimit (0..40).</summary>
    private static ulong? ParseNice(string text)
    {
        if (text[0] is '+' or '-')
        {
            if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int level) || level < -20 || level > 19)
            {
                return null;
            }

            return (ulong)(20 - level);
        }

        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong raw) && raw <= 40 ? raw : null;
    }
}
