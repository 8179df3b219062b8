namespace Steward.Time;

/// <summary>
/// systemd time spans (man systemd.time): microseconds in a <see cref="ulong"/>, with
/// <see cref="ulong.MaxValue"/> meaning "infinity".
/// </summary>
public static class Timespan
{
    public const ulong Infinity = ulong.MaxValue;

    public const ulong Microsecond = 1;
    public const ulong Millisecond = 1000;
    public const ulong Second = 1000 * Millisecond;
    public const ulong Minute = 60 * Second;
    public const ulong Hour = 60 * Minute;
    public const ulong Day = 24 * Hour;
    public const ulong Week = 7 * Day;

    /// <summary>A Julian year of 365.25 days, as systemd counts it.</summary>
    public const ulong Year = 31_557_600 * Second;

    /// <summary>A twelfth of <see cref="Year"/>.</summary>
    public const ulong Month = Year / 12;

    /// <summary>Every spelling systemd accepts; matched longest first so "ms" is not read as "m" + "s".</summary>
    private static readonly TimespanUnit[] ParseUnits =
    [
        new("usec", Microsecond), new("us", Microsecond), new("\u00b5s", Microsecond), new("\u03bcs", Microsecond),
        new("msec", Millisecond), new("ms", Millisecond),
        new("seconds", Second), new("second", Second), new("sec", Second), new("s", Second),
        new("minutes", Minute), new("minute", Minute), new("min", Minute), new("m", Minute),
        new("hours", Hour), new("hour", Hour), new("hr", Hour), new("h", Hour),
        new("days", Day), new("day", Day), new("d", Day),
        new("weeks", Week), new("week", Week), new("w", Week),
        new("months", Month), new("month", Month), new("M", Month),
        new("years", Year), new("year", Year), new("y", Year),
    ];

    /// <summary>The units systemd prints, largest first.</summary>
    private static readonly TimespanUnit[] FormatUnits =
    [
        new("y", Year), new("month", Month), new("w", Week), new("d", Day), new("h", Hour),
        new("min", Minute), new("s", Second), new("ms", Millisecond), new("us", Microsecond),
    ];

    /// <summary>Parses a span such as <c>1h 30min</c>, <c>2.5s</c> or <c>infinity</c>; bare numbers are in <paramref name="defaultUnit"/>.</summary>
    public static TimespanParseResult TryParse(string text, ulong defaultUnit, out ulong microseconds)
    {
        microseconds = 0;
        int p = SkipWhitespace(text, 0);
        if (string.CompareOrdinal(text, p, "infinity", 0, 8) == 0)
        {
            if (SkipWhitespace(text, p + 8) != text.Length)
            {
                return TimespanParseResult.Invalid;
            }

            microseconds = Infinity;
            return TimespanParseResult.Ok;
        }

        ulong total = 0;
        bool any = false;
        while (true)
        {
            p = SkipWhitespace(text, p);
            if (p == text.Length)
            {
                if (!any)
                {
                    return TimespanParseResult.Invalid;
                }

                break;
            }

            // systemd refuses a minus sign up front as out of range, before looking at the number.
            if (text[p] == '-')
            {
                return TimespanParseResult.OutOfRange;
            }

            TimespanParseResult component = ParseComponent(text, ref p, defaultUnit, out ulong value);
            if (component != TimespanParseResult.Ok)
            {
                return component;
            }

            if (value >= Infinity - total)
            {
                return TimespanParseResult.OutOfRange;
            }

            total += value;
            any = true;
        }

        microseconds = total;
        return TimespanParseResult.Ok;
    }

    private static TimespanParseResult ParseComponent(string text, ref int p, ulong defaultUnit, out ulong value)
    {
        value = 0;
        bool signed = text[p] == '+';
        if (signed)
        {
            p++;
        }

        int digitsStart = p;
        ulong whole = 0;
        bool overflow = false;
        while (p < text.Length && char.IsAsciiDigit(text[p]))
        {
            // The integer part is read as a signed 64-bit number, so anything past long.MaxValue is out of range.
            if (!overflow && whole > (long.MaxValue - (ulong)(text[p] - '0')) / 10)
            {
                overflow = true;
            }

            whole = overflow ? 0 : (whole * 10) + (ulong)(text[p] - '0');
            p++;
        }

        bool hasDigits = p > digitsStart;
        bool hasDot = p < text.Length && text[p] == '.';
        if (!hasDigits && (signed || !hasDot))
        {
            return TimespanParseResult.Invalid;
        }

        int fractionStart = p + 1;
        int fractionEnd = fractionStart;
        if (hasDot)
        {
            while (fractionEnd < text.Length && char.IsAsciiDigit(text[fractionEnd]))
            {
                fractionEnd++;
            }

            if (fractionEnd == fractionStart)
            {
                return TimespanParseResult.Invalid;
            }

            p = fractionEnd;
        }

        if (overflow)
        {
            return TimespanParseResult.OutOfRange;
        }

        p = SkipWhitespace(text, p);
        ulong multiplier = defaultUnit;
        int longest = 0;
        foreach (TimespanUnit unit in ParseUnits)
        {
            if (unit.Suffix.Length > longest && string.CompareOrdinal(text, p, unit.Suffix, 0, unit.Suffix.Length) == 0)
            {
                longest = unit.Suffix.Length;
                multiplier = unit.Microseconds;
            }
        }

        p += longest;
        if (whole >= Infinity / multiplier)
        {
            return TimespanParseResult.OutOfRange;
        }

        value = whole * multiplier;

        // Each fractional digit is worth a tenth of the previous one, truncated as it goes (systemd's rounding).
        if (hasDot)
        {
            ulong place = multiplier;
            for (int i = fractionStart; i < fractionEnd; i++)
            {
                place /= 10;
                value += (ulong)(text[i] - '0') * place;
            }
        }

        return TimespanParseResult.Ok;
    }

    private static int SkipWhitespace(string text, int p)
    {
        while (p < text.Length && text[p] is ' ' or '\t' or '\n' or '\r')
        {
            p++;
        }

        return p;
    }

    /// <summary>systemd's human form with microsecond accuracy: <c>1min 30s</c>, <c>1.500000s</c>, <c>0</c>, <c>infinity</c>.</summary>
    public static string Format(ulong microseconds) => Format(microseconds, Microsecond);

    /// <summary>The human form, leaving out parts finer than <paramref name="accuracy"/>.</summary>
    public static string Format(ulong microseconds, ulong accuracy)
    {
        if (microseconds == Infinity)
        {
            return "infinity";
        }

        if (microseconds == 0)
        {
            return "0";
        }

        accuracy = Math.Max(accuracy, 1);
        var result = new System.Text.StringBuilder();
        ulong t = microseconds;
        bool done = false;
        foreach (TimespanUnit unit in FormatUnits)
        {
            if (t == 0 || (t < accuracy && done))
            {
                break;
            }

            if (t < unit.Microseconds)
            {
                continue;
            }

            ulong whole = t / unit.Microseconds;
            ulong rest = t % unit.Microseconds;
            string separator = result.Length > 0 ? " " : "";

            // Below a minute a remainder is shown as decimals of this unit rather than as more parts.
            if (t < Minute && rest > 0)
            {
                int digits = 0;
                for (ulong cc = unit.Microseconds; cc > 1; cc /= 10)
                {
                    digits++;
                }

                for (ulong cc = accuracy; cc > 1; cc /= 10)
                {
                    rest /= 10;
                    digits--;
                }

                if (digits > 0)
                {
                    result.Append(separator).Append(whole).Append('.').Append(rest.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(digits, '0')).Append(unit.Suffix);
                    t = 0;
                    done = true;
                    continue;
                }
            }

            result.Append(separator).Append(whole).Append(unit.Suffix);
            t = rest;
            done = true;
        }

        return result.Length > 0 ? result.ToString() : "0";
    }
}
