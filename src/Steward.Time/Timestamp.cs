using System.Globalization;
using System.Text;

namespace Steward.Time;

/// <summary>
/// systemd timestamps (man systemd.time, "Parsing Timestamps"): microseconds since the epoch in a
/// <see cref="ulong"/>, 0 meaning unset. Parsing and formatting take the zone as an argument so callers
/// (and tests) can use any number of zones in one process.
/// </summary>
public static class Timestamp
{
    /// <summary>The last instant systemd formats: 9999-12-30 23:59:59 UTC (a day short of the end, so every zone fits).</summary>
    public const ulong FormattableMax = 253_402_214_399UL * Timespan.Second;

    private static readonly string[] WeekDayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

    private static readonly string[] LongWeekDayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

    private static readonly string[] MonthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    /// <summary>Parses a timestamp relative to <paramref name="nowUsec"/> in <paramref name="zone"/>.</summary>
    public static TimestampParseResult TryParse(string text, ulong nowUsec, TimeZoneRules zone, out ulong usec)
    {
        usec = 0;
        if (text.StartsWith('@'))
        {
            TimespanParseResult r = Timespan.TryParse(text[1..], Timespan.Second, out usec);
            return Map(r);
        }

        if (text == "now")
        {
            usec = nowUsec;
            return TimestampParseResult.Ok;
        }

        if (text.StartsWith('+'))
        {
            return Relative(text[1..], nowUsec, +1, out usec);
        }

        if (text.StartsWith('-'))
        {
            return Relative(text[1..], nowUsec, -1, out usec);
        }

        if (text.EndsWith(" ago", StringComparison.Ordinal))
        {
            return Relative(text[..^4], nowUsec, -1, out usec);
        }

        if (text.EndsWith(" left", StringComparison.Ordinal))
        {
            return Relative(text[..^5], nowUsec, +1, out usec);
        }

        // A trailing Olson name would make systemd 252 re-parse in a child process in that zone, which fails.
        int lastSpace = text.LastIndexOf(' ');
        if (lastSpace >= 0 && !text.EndsWith(" UTC", StringComparison.OrdinalIgnoreCase) && TimeZoneRules.IsValidZoneName(text[(lastSpace + 1)..]))
        {
            return TimestampParseResult.Invalid;
        }

        return ParseAbsolute(text, nowUsec, zone, out usec);
    }

    private static TimestampParseResult Map(TimespanParseResult r) => r switch
    {
        TimespanParseResult.Ok => TimestampParseResult.Ok,
        TimespanParseResult.OutOfRange => TimestampParseResult.OutOfRange,
        _ => TimestampParseResult.Invalid,
    };

    private static TimestampParseResult Relative(string span, ulong nowUsec, int sign, out ulong usec)
    {
        usec = 0;
        TimespanParseResult r = Timespan.TryParse(span, Timespan.Second, out ulong delta);
        if (r != TimespanParseResult.Ok)
        {
            return Map(r);
        }

        if (sign > 0)
        {
            usec = delta >= ulong.MaxValue - nowUsec ? ulong.MaxValue : nowUsec + delta;
            return TimestampParseResult.Ok;
        }

        if (delta > nowUsec)
        {
            return TimestampParseResult.Invalid;
        }

        usec = nowUsec - delta;
        return TimestampParseResult.Ok;
    }

    private static TimestampParseResult ParseAbsolute(string text, ulong nowUsec, TimeZoneRules zone, out ulong usec)
    {
        usec = 0;
        string t = text;
        bool utc = false;
        int isDst = -1;
        if (t.EndsWith(" UTC", StringComparison.OrdinalIgnoreCase))
        {
            utc = true;
            t = t[..^4];
        }
        else
        {
            string[] names = [zone.StandardName, zone.DaylightName];
            for (int j = 0; j <= 1; j++)
            {
                string name = names[j];
                if (name.Length == 0 || t.Length <= name.Length || !t.EndsWith(name, StringComparison.OrdinalIgnoreCase) || t[^(name.Length + 1)] != ' ')
                {
                    continue;
                }

                t = t[..^(name.Length + 1)];
                isDst = j;
                break;
            }
        }

        long nowSeconds = (long)(nowUsec / Timespan.Second);
        LocalTime now = utc ? CivilTime.ToUtc(nowSeconds) : zone.ToLocal(nowSeconds);
        var tm = new Fields(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second);
        ulong fraction = 0;
        int weekday = -1;

        if (t is "today" or "yesterday" or "tomorrow")
        {
            tm = tm with { Hour = 0, Minute = 0, Second = 0, Day = tm.Day + (t == "yesterday" ? -1 : t == "tomorrow" ? 1 : 0) };
            return FromFields(tm, utc, isDst, weekday, fraction, zone, out usec);
        }

        for (int i = 0; i < 7; i++)
        {
            foreach (string name in (string[])[LongWeekDayNames[i], WeekDayNames[i]])
            {
                if (weekday < 0 && t.Length > name.Length && t.StartsWith(name, StringComparison.OrdinalIgnoreCase) && t[name.Length] == ' ')
                {
                    weekday = i;
                    t = t[(name.Length + 1)..].TrimStart(' ');
                }
            }
        }

        Fields copy = tm;
        string[] withSeconds = ["%y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%b %d %H:%M:%S"];
        foreach (string format in withSeconds)
        {
            tm = copy;
            if (Strptime(t, format, ref tm) is int end)
            {
                if (end == t.Length)
                {
                    return FromFields(tm, utc, isDst, weekday, 0, zone, out usec);
                }

                if (t[end] == '.')
                {
                    return Fraction(t, end, tm, utc, isDst, weekday, zone, out usec);
                }
            }
        }

        foreach (string format in (string[])["%y-%m-%d %H:%M", "%Y-%m-%d %H:%M"])
        {
            tm = copy;
            if (Strptime(t, format, ref tm) == t.Length)
            {
                return FromFields(tm with { Second = 0 }, utc, isDst, weekday, 0, zone, out usec);
            }
        }

        foreach (string format in (string[])["%y-%m-%d", "%Y-%m-%d"])
        {
            tm = copy;
            if (Strptime(t, format, ref tm) == t.Length)
            {
                return FromFields(tm with { Hour = 0, Minute = 0, Second = 0 }, utc, isDst, weekday, 0, zone, out usec);
            }
        }

        tm = copy;
        if (Strptime(t, "%H:%M:%S", ref tm) is int e)
        {
            if (e == t.Length)
            {
                return FromFields(tm, utc, isDst, weekday, 0, zone, out usec);
            }

            if (t[e] == '.')
            {
                return Fraction(t, e, tm, utc, isDst, weekday, zone, out usec);
            }
        }

        tm = copy;
        if (Strptime(t, "%H:%M", ref tm) == t.Length)
        {
            return FromFields(tm with { Second = 0 }, utc, isDst, weekday, 0, zone, out usec);
        }

        return TimestampParseResult.Invalid;
    }

    private static TimestampParseResult Fraction(string t, int dot, Fields tm, bool utc, int isDst, int weekday, TimeZoneRules zone, out ulong usec)
    {
        usec = 0;
        int p = dot + 1;
        if (p >= t.Length || !char.IsAsciiDigit(t[p]))
        {
            return TimestampParseResult.Invalid;
        }

        ulong value = 0;
        int digits = 0;
        bool roundUp = false;
        while (p < t.Length && char.IsAsciiDigit(t[p]))
        {
            if (digits < 6)
            {
                value = (value * 10) + (ulong)(t[p] - '0');
            }
            else if (digits == 6)
            {
                roundUp = t[p] >= '5';
            }

            digits++;
            p++;
        }

        if (p != t.Length)
        {
            return TimestampParseResult.Invalid;
        }

        for (int i = digits; i < 6; i++)
        {
            value *= 10;
        }

        if (roundUp)
        {
            value++;
        }

        return FromFields(tm, utc, isDst, weekday, value, zone, out usec);
    }

    private readonly record struct Fields(long Year, long Month, long Day, long Hour, long Minute, long Second);

    private static TimestampParseResult FromFields(Fields tm, bool utc, int isDst, int weekday, ulong fraction, TimeZoneRules zone, out ulong usec)
    {
        usec = 0;
        LocalTime result;
        if (utc)
        {
            result = CivilTime.ToUtc(CivilTime.LocalSeconds(tm.Year, tm.Month, tm.Day, tm.Hour, tm.Minute, tm.Second));
        }
        else
        {
            if (!zone.TryMakeTime(tm.Year, tm.Month, tm.Day, tm.Hour, tm.Minute, tm.Second, isDst, out result))
            {
                return TimestampParseResult.Invalid;
            }
        }

        // The weekday is checked against the date as written (carried like mktime would), before the zone moves it.
        if (weekday >= 0 && CivilTime.WeekDay(CivilTime.FloorDiv(CivilTime.LocalSeconds(tm.Year, tm.Month, tm.Day, tm.Hour, tm.Minute, tm.Second), CivilTime.SecondsPerDay)) != weekday)
        {
            return TimestampParseResult.Invalid;
        }

        long seconds = result.UtcSeconds;
        if (seconds < 0 || (ulong)seconds > (FormattableMax / Timespan.Second))
        {
            return TimestampParseResult.Invalid;
        }

        usec = ((ulong)seconds * Timespan.Second) + fraction;
        return usec > FormattableMax ? TimestampParseResult.Invalid : TimestampParseResult.Ok;
    }

    /// <summary>A subset of glibc strptime in the C locale: %y %Y %m %d %H %M %S %b; returns the end index or null.</summary>
    private static int? Strptime(string s, string format, ref Fields tm)
    {
        int p = 0;
        for (int f = 0; f < format.Length; f++)
        {
            char c = format[f];
            if (c == ' ')
            {
                while (p < s.Length && IsSpace(s[p]))
                {
                    p++;
                }

                continue;
            }

            if (c != '%')
            {
                if (p >= s.Length || s[p] != c)
                {
                    return null;
                }

                p++;
                continue;
            }

            char conv = format[++f];
            int value;
            switch (conv)
            {
                case 'y':
                    if (!Number(s, ref p, 0, 99, 2, out value))
                    {
                        return null;
                    }

                    tm = tm with { Year = value >= 69 ? 1900 + value : 2000 + value };
                    break;
                case 'Y':
                    if (!Number(s, ref p, 0, 9999, 4, out value))
                    {
                        return null;
                    }

                    tm = tm with { Year = value };
                    break;
                case 'm':
                    if (!Number(s, ref p, 1, 12, 2, out value))
                    {
                        return null;
                    }

                    tm = tm with { Month = value };
                    break;
                case 'd':
                    if (!Number(s, ref p, 1, 31, 2, out value))
                    {
                        return null;
                    }

                    tm = tm with { Day = value };
                    break;
                case 'H':
                    if (!Number(s, ref p, 0, 23, 2, out value))
                    {
                        return null;
                    }

                    tm = tm with { Hour = value };
                    break;
                case 'M':
                    if (!Number(s, ref p, 0, 59, 2, out value))
                    {
                        return null;
                    }

                    tm = tm with { Minute = value };
                    break;
                case 'S':
                    if (!Number(s, ref p, 0, 61, 2, out value))
                    {
                        return null;
                    }

                    tm = tm with { Second = value };
                    break;
                case 'b':
                    int month = -1;
                    for (int i = 0; i < 12 && month < 0; i++)
                    {
                        foreach (string name in (string[])[MonthNames[i], MonthNames[i][..3]])
                        {
                            if (string.Compare(s, p, name, 0, name.Length, StringComparison.OrdinalIgnoreCase) == 0 && s.Length - p >= name.Length)
                            {
                                month = i + 1;
                                p += name.Length;
                                break;
                            }
                        }
                    }

                    if (month < 0)
                    {
                        return null;
                    }

                    tm = tm with { Month = month };
                    break;
                default:
                    return null;
            }
        }

        return p;
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\v' or '\f';

    /// <summary>glibc's get_number: skips white space, reads up to <paramref name="width"/> digits while another could still fit.</summary>
    private static bool Number(string s, ref int p, int min, int max, int width, out int value)
    {
        value = 0;
        while (p < s.Length && IsSpace(s[p]))
        {
            p++;
        }

        if (p >= s.Length || !char.IsAsciiDigit(s[p]))
        {
            return false;
        }

        int n = width;
        do
        {
            value = (value * 10) + (s[p++] - '0');
        }
        while (--n > 0 && value * 10 <= max && p < s.Length && char.IsAsciiDigit(s[p]));

        return value >= min && value <= max;
    }

    /// <summary>
    /// <c>Thu 2026-12-03 11:00:00 CET</c> (or with <c>.123456</c> before the zone); null for 0 and infinity,
    /// and <c>--- XXXX-XX-XX XX:XX:XX</c> past <see cref="FormattableMax"/>.
    /// </summary>
    public static string? Format(ulong usec, TimeZoneRules zone, bool utc = false, bool withMicroseconds = false)
    {
        if (usec == 0 || usec == ulong.MaxValue)
        {
            return null;
        }

        if (usec > FormattableMax)
        {
            return "--- XXXX-XX-XX XX:XX:XX";
        }

        long seconds = (long)(usec / Timespan.Second);
        LocalTime tm = utc ? CivilTime.ToUtc(seconds) : zone.ToLocal(seconds);
        var s = new StringBuilder(40);
        s.Append(WeekDayNames[tm.WeekDay]).Append(' ')
            .Append(tm.Year.ToString(CultureInfo.InvariantCulture)).Append('-')
            .Append(Two(tm.Month)).Append('-').Append(Two(tm.Day)).Append(' ')
            .Append(Two(tm.Hour)).Append(':').Append(Two(tm.Minute)).Append(':').Append(Two(tm.Second));
        if (withMicroseconds)
        {
            s.Append('.').Append((usec % Timespan.Second).ToString("D6", CultureInfo.InvariantCulture));
        }

        s.Append(' ').Append(utc ? "UTC" : tm.Abbreviation);
        return s.ToString();
    }

    private static string Two(int v) => v.ToString("D2", CultureInfo.InvariantCulture);

    /// <summary><c>@SECONDS[.USEC]</c>, the fraction only when there is one.</summary>
    public static string FormatUnix(ulong usec)
    {
        ulong sec = usec / Timespan.Second, frac = usec % Timespan.Second;
        return frac == 0 ? $"@{sec.ToString(CultureInfo.InvariantCulture)}" : $"@{sec.ToString(CultureInfo.InvariantCulture)}.{frac.ToString("D6", CultureInfo.InvariantCulture)}";
    }

    /// <summary>"5min ago", "2h 59min left", "8 months 5 days ago", "now"; null for 0 and infinity.</summary>
    public static string? FormatRelative(ulong usec, ulong nowUsec)
    {
        if (usec == 0 || usec == ulong.MaxValue)
        {
            return null;
        }

        ulong d;
        string s;
        if (nowUsec > usec)
        {
            d = nowUsec - usec;
            s = "ago";
        }
        else
        {
            d = usec - nowUsec;
            s = "left";
        }

        static string N(ulong v) => v.ToString(CultureInfo.InvariantCulture);
        static string Pl(ulong v, string one, string many) => v == 1 ? one : many;
        if (d >= Timespan.Year)
        {
            ulong years = d / Timespan.Year, months = d % Timespan.Year / Timespan.Month;
            return $"{N(years)} {Pl(years, "year", "years")} {N(months)} {Pl(months, "month", "months")} {s}";
        }

        if (d >= Timespan.Month)
        {
            ulong months = d / Timespan.Month, days = d % Timespan.Month / Timespan.Day;
            return $"{N(months)} {Pl(months, "month", "months")} {N(days)} {Pl(days, "day", "days")} {s}";
        }

        if (d >= Timespan.Week)
        {
            ulong weeks = d / Timespan.Week, days = d % Timespan.Week / Timespan.Day;
            return $"{N(weeks)} {Pl(weeks, "week", "weeks")} {N(days)} {Pl(days, "day", "days")} {s}";
        }

        if (d >= 2 * Timespan.Day)
        {
            return $"{N(d / Timespan.Day)} days {s}";
        }

        if (d >= 25 * Timespan.Hour)
        {
            return $"1 day {N((d - Timespan.Day) / Timespan.Hour)}h {s}";
        }

        if (d >= 6 * Timespan.Hour)
        {
            return $"{N(d / Timespan.Hour)}h {s}";
        }

        if (d >= Timespan.Hour)
        {
            return $"{N(d / Timespan.Hour)}h {N(d % Timespan.Hour / Timespan.Minute)}min {s}";
        }

        if (d >= 5 * Timespan.Minute)
        {
            return $"{N(d / Timespan.Minute)}min {s}";
        }

        if (d >= Timespan.Minute)
        {
            return $"{N(d / Timespan.Minute)}min {N(d % Timespan.Minute / Timespan.Second)}s {s}";
        }

        if (d >= Timespan.Second)
        {
            return $"{N(d / Timespan.Second)}s {s}";
        }

        if (d >= Timespan.Millisecond)
        {
            return $"{N(d / Timespan.Millisecond)}ms {s}";
        }

        return d > 0 ? $"{N(d)}us {s}" : "now";
    }

    /// <summary>The real-time clock in microseconds.</summary>
    public static ulong Now() => (ulong)((DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / 10);
}
