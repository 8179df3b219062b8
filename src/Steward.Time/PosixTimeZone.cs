using System.Globalization;

namespace Steward.Time;

/// <summary>
/// A POSIX TZ string (<c>EST5EDT,M3.2.0,M11.1.0</c>, <c>IST-1GMT-0,M10.5.0/1,M3.5.0/1</c>,
/// <c>&lt;+0330&gt;-3:30</c>, Jn and n day forms) as glibc reads it: the standard zone, an optional
/// DST zone and the two yearly changes.
/// </summary>
public sealed class PosixTimeZone
{
    private PosixTimeZone(ZoneType standard, ZoneType? daylight, Rule start, Rule end)
    {
        Standard = standard;
        Daylight = daylight;
        Start = start;
        End = end;
    }

    public ZoneType Standard { get; }

    /// <summary>Null when the string names no DST zone.</summary>
    public ZoneType? Daylight { get; }

    private Rule Start { get; }

    private Rule End { get; }

    /// <summary>A change rule: kind 'J' (1..365 without Feb 29), 'D' (0..365) or 'M' (month.week.day), at a local time.</summary>
    private readonly record struct Rule(char Kind, int Day, int Week, int Month, int Time);

    /// <summary>Parses as much as glibc would. Returns null when not even the standard name and offset parse;
    /// <paramref name="partialName"/> then holds a standard name that parsed (glibc keeps it, at offset 0).</summary>
    public static PosixTimeZone? Parse(string text, out string? partialName)
    {
        partialName = null;
        int p = 0;
        string? stdName = ParseName(text, ref p);
        if (stdName is null)
        {
            return null;
        }

        partialName = stdName;
        if (!ParseOffset(text, ref p, out int stdOffset))
        {
            return null;
        }

        var standard = new ZoneType(-stdOffset, false, stdName);
        if (p >= text.Length)
        {
            return new PosixTimeZone(standard, null, default, default);
        }

        string? dstName = ParseName(text, ref p);
        if (dstName is null)
        {
            return new PosixTimeZone(standard, null, default, default);
        }

        int dstOffset = stdOffset - 3600;
        int save = p;
        if (!ParseOffset(text, ref p, out int parsed))
        {
            p = save;
        }
        else
        {
            dstOffset = parsed;
        }

        var daylight = new ZoneType(-dstOffset, true, dstName);
        Rule start = new('M', 0, 2, 3, 7200);
        Rule end = new('M', 0, 1, 11, 7200);
        if (p < text.Length && text[p] == ',')
        {
            p++;
            if (!ParseRule(text, ref p, out start) || p >= text.Length || text[p] != ',')
            {
                return new PosixTimeZone(standard, daylight, new('M', 0, 2, 3, 7200), new('M', 0, 1, 11, 7200));
            }

            p++;
            if (!ParseRule(text, ref p, out end))
            {
                end = new('M', 0, 1, 11, 7200);
            }
        }

        return new PosixTimeZone(standard, daylight, start, end);
    }

    private static string? ParseName(string text, ref int p)
    {
        int start = p;
        if (p < text.Length && text[p] == '<')
        {
            int close = text.IndexOf('>', p + 1);
            if (close < 0)
            {
                return null;
            }

            string quoted = text[(p + 1)..close];
            if (quoted.Length < 3 || !quoted.All(c => char.IsAsciiLetterOrDigit(c) || c == '+' || c == '-'))
            {
                return null;
            }

            p = close + 1;
            return quoted;
        }

        while (p < text.Length && char.IsAsciiLetter(text[p]))
        {
            p++;
        }

        if (p - start < 3)
        {
            p = start;
            return null;
        }

        return text[start..p];
    }

    /// <summary>[+-]hh[:mm[:ss]], in seconds west of UTC as POSIX writes them.</summary>
    private static bool ParseOffset(string text, ref int p, out int seconds)
    {
        seconds = 0;
        int sign = 1;
        int q = p;
        if (q < text.Length && (text[q] == '+' || text[q] == '-'))
        {
            sign = text[q] == '-' ? -1 : 1;
            q++;
        }

        if (!ParseClock(text, ref q, 24, out int value))
        {
            return false;
        }

        seconds = sign * value;
        p = q;
        return true;
    }

    private static bool ParseClock(string text, ref int p, int maxHours, out int seconds)
    {
        seconds = 0;
        int[] parts = [0, 0, 0];
        for (int i = 0; i < 3; i++)
        {
            if (i > 0)
            {
                if (p >= text.Length || text[p] != ':')
                {
                    break;
                }

                p++;
            }

            int start = p;
            while (p < text.Length && char.IsAsciiDigit(text[p]) && p - start < 3)
            {
                p++;
            }

            if (p == start)
            {
                return false;
            }

            parts[i] = int.Parse(text.AsSpan(start, p - start), CultureInfo.InvariantCulture);
        }

        if (parts[0] > maxHours || parts[1] > 59 || parts[2] > 59)
        {
            return false;
        }

        seconds = (parts[0] * 3600) + (parts[1] * 60) + parts[2];
        return true;
    }

    private static bool ParseRule(string text, ref int p, out Rule rule)
    {
        rule = default;
        char kind;
        int day = 0, week = 0, month = 0;
        if (p < text.Length && text[p] == 'J')
        {
            p++;
            kind = 'J';
            if (!ParseNumber(text, ref p, 1, 365, out day))
            {
                return false;
            }
        }
        else if (p < text.Length && text[p] == 'M')
        {
            p++;
            kind = 'M';
            if (!ParseNumber(text, ref p, 1, 12, out month) || !Expect(text, ref p, '.') ||
                !ParseNumber(text, ref p, 1, 5, out week) || !Expect(text, ref p, '.') ||
                !ParseNumber(text, ref p, 0, 6, out day))
            {
                return false;
            }
        }
        else
        {
            kind = 'D';
            if (!ParseNumber(text, ref p, 0, 365, out day))
            {
                return false;
            }
        }

        int time = 7200;
        if (p < text.Length && text[p] == '/')
        {
            p++;
            int sign = 1;
            if (p < text.Length && (text[p] == '+' || text[p] == '-'))
            {
                sign = text[p] == '-' ? -1 : 1;
                p++;
            }

            if (!ParseClock(text, ref p, 167, out time))
            {
                return false;
            }

            time *= sign;
        }

        rule = new Rule(kind, day, week, month, time);
        return true;
    }

    private static bool Expect(string text, ref int p, char c)
    {
        if (p < text.Length && text[p] == c)
        {
            p++;
            return true;
        }

        return false;
    }

    private static bool ParseNumber(string text, ref int p, int min, int max, out int value)
    {
        int start = p;
        value = 0;
        while (p < text.Length && char.IsAsciiDigit(text[p]) && value <= max)
        {
            value = (value * 10) + (text[p] - '0');
            p++;
        }

        return p > start && value >= min && value <= max;
    }

    /// <summary>The local time type in effect at a UTC instant.</summary>
    public ZoneType GetType(long utcSeconds)
    {
        if (Daylight is not ZoneType dst)
        {
            return Standard;
        }

        long year = CivilTime.ToUtc(utcSeconds).Year;
        long start = ChangeTime(Start, year) - Standard.Offset;
        long end = ChangeTime(End, year) - dst.Offset;
        bool isDst = start > end ? (utcSeconds < end || utcSeconds >= start) : (utcSeconds >= start && utcSeconds < end);
        return isDst ? dst : Standard;
    }

    /// <summary>The local wall-clock seconds (as if UTC) at which a rule fires in a year.</summary>
    private static long ChangeTime(Rule rule, long year)
    {
        long day;
        switch (rule.Kind)
        {
            case 'J':
                day = CivilTime.DaysFromCivil(year, 1, 1) + rule.Day - 1 + (CivilTime.IsLeapYear(year) && rule.Day >= 60 ? 1 : 0);
                break;
            case 'D':
                day = CivilTime.DaysFromCivil(year, 1, 1) + rule.Day;
                break;
            default:
                long first = CivilTime.DaysFromCivil(year, rule.Month, 1);
                int wday = CivilTime.WeekDay(first);
                long d = first + ((rule.Day - wday + 7) % 7) + ((rule.Week - 1) * 7);
                long monthEnd = first + CivilTime.DaysInMonth(year, rule.Month);
                while (d >= monthEnd)
                {
                    d -= 7;
                }

                day = d;
                break;
        }

        return (day * CivilTime.SecondsPerDay) + rule.Time;
    }
}
