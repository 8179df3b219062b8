using System.Globalization;
using System.Text;

namespace Steward.Time;

/// <summary>
/// A systemd calendar event (man systemd.time, "Calendar Events"): weekdays, year, month, day (or last
/// days with <c>~</c>), hour, minute, second with μs; each field a sorted list of components or null for
/// <c>*</c>; and the zone it is read in (UTC, an Olson name, or the local zone with an optional DST flag).
/// </summary>
public sealed class CalendarSpec
{
    private const int MinYear = 1970;
    private const int MaxYear = 2199;
    private const int AllWeekdays = 0x7f;

    private static readonly string[] WeekdayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    private static readonly string[] LongWeekdayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    /// <summary>Bit 0 = Monday … bit 6 = Sunday; 0 for any day.</summary>
    public int Weekdays { get; private set; }

    public CalendarComponent[]? Year { get; private set; }

    public CalendarComponent[]? Month { get; private set; }

    public CalendarComponent[]? Day { get; private set; }

    public bool EndOfMonth { get; private set; }

    public CalendarComponent[]? Hour { get; private set; }

    public CalendarComponent[]? Minute { get; private set; }

    public CalendarComponent[]? Microsecond { get; private set; }

    public bool Utc { get; private set; }

    /// <summary>An Olson name the event is read in, or null.</summary>
    public string? TimeZone { get; private set; }

    /// <summary>tm_isdst the event's local times are taken with: -1, or 0/1 after a local zone abbreviation.</summary>
    public int Dst { get; private set; } = -1;

    private string? _dstName;

    /// <summary>Parses in the process zone (for zone abbreviations).</summary>
    public static TimestampParseResult TryParse(string text, out CalendarSpec? spec) => TryParse(text, TimeZoneRules.FromProcess(), out spec);

    public static TimestampParseResult TryParse(string text, TimeZoneRules zone, out CalendarSpec? spec)
    {
        spec = null;
        var c = new CalendarSpec();
        string t = text;
        if (t.EndsWith(" UTC", StringComparison.OrdinalIgnoreCase))
        {
            c.Utc = true;
            t = t[..^4];
        }
        else
        {
            bool matched = false;
            string[] names = [zone.StandardName, zone.DaylightName];
            for (int j = 0; j <= 1 && !matched; j++)
            {
                string name = names[j];
                if (name.Length > 0 && t.Length > name.Length && t.EndsWith(name, StringComparison.OrdinalIgnoreCase) && t[^(name.Length + 1)] == ' ')
                {
                    t = t[..^(name.Length + 1)];
                    c.Dst = j;
                    c._dstName = name;
                    matched = true;
                }
            }

            int space = t.LastIndexOf(' ');
            if (!matched && space >= 0 && TimeZoneRules.IsValidZoneName(t[(space + 1)..]))
            {
                c.TimeZone = t[(space + 1)..];
                t = t[..space];
            }
        }

        TimestampParseResult r = c.ParseBody(t);
        if (r != TimestampParseResult.Ok)
        {
            return r;
        }

        spec = c;
        return TimestampParseResult.Ok;
    }

    private static CalendarComponent[] One(int v) => [new(v, -1, 0)];

    private TimestampParseResult ParseBody(string t)
    {
        switch (t.ToLowerInvariant())
        {
            case "minutely":
                Microsecond = One(0);
                return TimestampParseResult.Ok;
            case "hourly":
                Minute = One(0);
                Microsecond = One(0);
                return TimestampParseResult.Ok;
            case "daily":
                Hour = One(0);
                Minute = One(0);
                Microsecond = One(0);
                return TimestampParseResult.Ok;
            case "monthly":
                Day = One(1);
                goto case "daily";
            case "weekly":
                Weekdays = 1;
                goto case "daily";
            case "yearly":
            case "annually":
                Month = One(1);
                goto case "monthly";
            case "quarterly":
                Month = [new(1, -1, 0), new(4, -1, 0), new(7, -1, 0), new(10, -1, 0)];
                goto case "monthly";
            case "semiannually":
                Month = [new(1, -1, 0), new(7, -1, 0)];
                goto case "monthly";
        }

        int at = 0;
        if (t.Length > 0 && char.IsAsciiLetter(t[0]) && t.Contains(" @", StringComparison.Ordinal))
        {
            TimestampParseResult w = ParseWeekdays(t, ref at);
            if (w != TimestampParseResult.Ok)
            {
                return w;
            }

            SkipSpaces(t, ref at);
            t = t[at..];
        }

        if (t.StartsWith('@'))
        {
            // Whole seconds only, as strtoll reads them.
            string digits = t[1..].TrimStart(' ', '\t', '\n');
            if (digits.Length == 0 || digits.Length > 12 || !digits.All(char.IsAsciiDigit))
            {
                return TimestampParseResult.Invalid;
            }

            ulong usec = ulong.Parse(digits, CultureInfo.InvariantCulture) * Timespan.Second;
            if (usec > Timestamp.FormattableMax)
            {
                return TimestampParseResult.Invalid;
            }

            LocalTime u = CivilTime.ToUtc((long)(usec / Timespan.Second));
            Year = One((int)u.Year);
            Month = One(u.Month);
            Day = One(u.Day);
            Hour = One(u.Hour);
            Minute = One(u.Minute);
            Microsecond = One((u.Second * 1_000_000) + (int)(usec % Timespan.Second));
            Utc = true;
            TimeZone = null;
            Dst = -1;
            return TimestampParseResult.Ok;
        }

        int p = 0;
        TimestampParseResult r;
        if (p < t.Length && char.IsAsciiLetter(t[p]))
        {
            r = ParseWeekdays(t, ref p);
            if (r != TimestampParseResult.Ok)
            {
                return r;
            }

            SkipSpaces(t, ref p);
        }

        r = ParseDate(t, ref p);
        if (r != TimestampParseResult.Ok)
        {
            return r;
        }

        SkipSpaces(t, ref p);
        r = ParseTime(t, ref p);
        if (r != TimestampParseResult.Ok)
        {
            return r;
        }

        if (p != t.Length)
        {
            return TimestampParseResult.Invalid;
        }

        return Validate();
    }

    private static void SkipSpaces(string t, ref int p)
    {
        while (p < t.Length && (t[p] == ' ' || t[p] == '\t' || t[p] == '\n' || t[p] == '\r'))
        {
            p++;
        }
    }

    private TimestampParseResult ParseWeekdays(string t, ref int p)
    {
        int bits = 0;
        int rangeStart = -1;
        while (true)
        {
            int day = -1;
            for (int i = 0; i < 7 && day < 0; i++)
            {
                foreach (string name in (string[])[LongWeekdayNames[i], WeekdayNames[i]])
                {
                    if (string.Compare(t, p, name, 0, name.Length, StringComparison.OrdinalIgnoreCase) == 0 && t.Length - p >= name.Length)
                    {
                        day = i;
                        p += name.Length;
                        break;
                    }
                }
            }

            if (day < 0)
            {
                return TimestampParseResult.Invalid;
            }

            if (rangeStart >= 0)
            {
                if (day < rangeStart)
                {
                    return TimestampParseResult.Invalid;
                }

                for (int d = rangeStart; d <= day; d++)
                {
                    bits |= 1 << d;
                }

                rangeStart = -1;
            }
            else
            {
                bits |= 1 << day;
            }

            if (p >= t.Length || t[p] == ' ')
            {
                break;
            }

            if (t[p] == ',')
            {
                p++;
                if (p >= t.Length || t[p] == ' ')
                {
                    break;
                }

                continue;
            }

            if (string.CompareOrdinal(t, p, "..", 0, 2) == 0)
            {
                p += 2;
            }
            else if (t[p] == '-')
            {
                p++;
            }
            else
            {
                return TimestampParseResult.Invalid;
            }

            rangeStart = day;
        }

        Weekdays = bits == AllWeekdays ? 0 : bits;
        return TimestampParseResult.Ok;
    }

    /// <summary>[year-]month-day, or nothing when the text goes on with a time (or ends).</summary>
    private TimestampParseResult ParseDate(string t, ref int p)
    {
        if (p >= t.Length)
        {
            return TimestampParseResult.Ok;
        }

        int save = p;
        TimestampParseResult r = ParseChain(t, ref p, false, out CalendarComponent[]? first, out int firstDigits);
        if (r != TimestampParseResult.Ok)
        {
            return r;
        }

        if (p < t.Length && t[p] == ':')
        {
            p = save;
            return TimestampParseResult.Ok;
        }

        if (p >= t.Length || (t[p] != '-' && t[p] != '~'))
        {
            return TimestampParseResult.Invalid;
        }

        bool tilde = t[p] == '~';
        p++;
        r = ParseChain(t, ref p, false, out CalendarComponent[]? second, out _);
        if (r != TimestampParseResult.Ok)
        {
            return r;
        }

        if (tilde || p >= t.Length || (t[p] != '-' && t[p] != '~'))
        {
            // month-day
            Month = first;
            Day = second;
            EndOfMonth = tilde;
            return TimestampParseResult.Ok;
        }

        tilde = t[p] == '~';
        p++;
        r = ParseChain(t, ref p, false, out CalendarComponent[]? third, out _);
        if (r != TimestampParseResult.Ok)
        {
            return r;
        }

        if (first is not null && firstDigits <= 2)
        {
            first = [.. first.Select(c => new CalendarComponent(TwoDigitYear(c.Start), c.Stop < 0 ? -1 : TwoDigitYear(c.Stop), c.Repeat))];
        }

        Year = first;
        Month = second;
        Day = third;
        EndOfMonth = tilde;
        return TimestampParseResult.Ok;
    }

    private static int TwoDigitYear(int v) => v < 70 ? v + 2000 : v < 100 ? v + 1900 : v;

    private TimestampParseResult ParseTime(string t, ref int p)
    {
        if (p >= t.Length)
        {
            Hour = One(0);
            Minute = One(0);
            Microsecond = One(0);
            return TimestampParseResult.Ok;
        }

        TimestampParseResult r = ParseChain(t, ref p, false, out CalendarComponent[]? h, out _);
        if (r != TimestampParseResult.Ok)
        {
            return r;
        }

        if (p >= t.Length || t[p] != ':')
        {
            return TimestampParseResult.Invalid;
        }

        p++;
        r = ParseChain(t, ref p, false, out CalendarComponent[]? m, out _);
        if (r != TimestampParseResult.Ok)
        {
            return r;
        }

        CalendarComponent[]? s = One(0);
        if (p < t.Length && t[p] == ':')
        {
            p++;
            r = ParseChain(t, ref p, true, out s, out _);
            if (r != TimestampParseResult.Ok)
            {
                return r;
            }
        }

        Hour = h;
        Minute = m;
        Microsecond = s;
        return TimestampParseResult.Ok;
    }

    /// <summary>A comma list of components, or <c>*</c> (null).</summary>
    private static TimestampParseResult ParseChain(string t, ref int p, bool usec, out CalendarComponent[]? chain, out int digits)
    {
        chain = null;
        digits = 0;
        if (p < t.Length && t[p] == '*')
        {
            p++;
            return TimestampParseResult.Ok;
        }

        var items = new List<CalendarComponent>();
        while (true)
        {
            if (!ParseValue(t, ref p, usec, out int start, out digits))
            {
                return TimestampParseResult.Invalid;
            }

            int stop = -1, repeat = 0;
            if (string.CompareOrdinal(t, p, "..", 0, 2) == 0)
            {
                p += 2;
                if (!ParseValue(t, ref p, usec, out stop, out _))
                {
                    return TimestampParseResult.Invalid;
                }

                if (stop < start)
                {
                    return TimestampParseResult.Invalid;
                }
            }

            if (p < t.Length && t[p] == '/')
            {
                p++;
                if (!ParseValue(t, ref p, usec, out repeat, out _))
                {
                    return TimestampParseResult.Invalid;
                }

                if (repeat == 0)
                {
                    return TimestampParseResult.OutOfRange;
                }

            }

            // A range steps by one unit, and in the seconds field that unit is a whole second. A range is cut
            // to its last value; one that holds a single value is that value, and a step of one unit is dropped.
            int unit = usec ? 1_000_000 : 1;
            int step = repeat > 0 ? repeat : unit;
            if (stop >= 0)
            {
                stop = start + (step * ((stop - start) / step));
                if (stop == start)
                {
                    stop = -1;
                    repeat = 0;
                }
                else if (repeat == unit)
                {
                    repeat = 0;
                }
            }

            items.Add(new CalendarComponent(start, stop, repeat));
            if (p < t.Length && t[p] == ',')
            {
                p++;
                continue;
            }

            break;
        }

        items.Sort();
        chain = [.. items.Distinct()];
        return TimestampParseResult.Ok;
    }

    private static bool ParseValue(string t, ref int p, bool usec, out int value, out int digits)
    {
        value = 0;
        int start = p;
        long v = 0;
        while (p < t.Length && char.IsAsciiDigit(t[p]))
        {
            v = (v * 10) + (t[p] - '0');
            if (v > (usec ? int.MaxValue / 1_000_000 : int.MaxValue / 10))
            {
                digits = 0;
                return false;
            }

            p++;
        }

        digits = p - start;
        if (digits == 0)
        {
            return false;
        }

        if (!usec)
        {
            value = (int)v;
            return true;
        }

        long frac = 0;
        if (p + 1 < t.Length && t[p] == '.' && char.IsAsciiDigit(t[p + 1]))
        {
            p++;
            int fstart = p, n = 0;
            bool roundUp = false;
            while (p < t.Length && char.IsAsciiDigit(t[p]))
            {
                if (n < 6)
                {
                    frac = (frac * 10) + (t[p] - '0');
                }
                else if (n == 6)
                {
                    roundUp = t[p] >= '5';
                }

                n++;
                p++;
            }

            if (p == fstart)
            {
                return false;
            }

            for (int i = n; i < 6; i++)
            {
                frac *= 10;
            }

            if (roundUp)
            {
                frac++;
            }
        }

        value = (int)((v * 1_000_000) + frac);
        return true;
    }

    private TimestampParseResult Validate()
    {
        if (!ChainValid(Year, MinYear, MaxYear, false) || !ChainValid(Month, 1, 12, false) || !ChainValid(Day, 1, 31, EndOfMonth) ||
            !ChainValid(Hour, 0, 23, false) || !ChainValid(Minute, 0, 59, false) || !ChainValid(Microsecond, 0, 59_999_999, false))
        {
            return TimestampParseResult.Invalid;
        }

        return TimestampParseResult.Ok;
    }

    private static bool ChainValid(CalendarComponent[]? chain, int min, int max, bool endOfMonth)
    {
        if (chain is null)
        {
            return true;
        }

        foreach (CalendarComponent c in chain)
        {
            if (c.Start < min || c.Start > max || c.Stop > max || (c.Stop >= 0 && c.Stop < c.Start))
            {
                return false;
            }

            if (c.Repeat > 0 && c.Stop < 0 && (long)c.Start + c.Repeat > max)
            {
                return false;
            }

            if (endOfMonth && c.Repeat > 0 && c.Start - 1 < c.Repeat)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The normalized form systemd prints.</summary>
    public override string ToString()
    {
        var s = new StringBuilder();
        if (Weekdays != 0)
        {
            AppendWeekdays(s);
            s.Append(' ');
        }

        AppendChain(s, Year, 4, false);
        s.Append('-');
        AppendChain(s, Month, 2, false);
        s.Append(EndOfMonth ? '~' : '-');
        AppendChain(s, Day, 2, false);
        s.Append(' ');
        AppendChain(s, Hour, 2, false);
        s.Append(':');
        AppendChain(s, Minute, 2, false);
        s.Append(':');
        AppendChain(s, Microsecond, 2, true);
        if (Utc)
        {
            s.Append(" UTC");
        }
        else if (TimeZone is not null)
        {
            s.Append(' ').Append(TimeZone);
        }
        else if (_dstName is not null)
        {
            s.Append(' ').Append(_dstName);
        }

        return s.ToString();
    }

    private void AppendWeekdays(StringBuilder s)
    {
        bool needComma = false;
        int i = 0;
        while (i < 7)
        {
            if ((Weekdays & (1 << i)) == 0)
            {
                i++;
                continue;
            }

            int j = i;
            while (j + 1 < 7 && (Weekdays & (1 << (j + 1))) != 0)
            {
                j++;
            }

            if (needComma)
            {
                s.Append(',');
            }

            s.Append(WeekdayNames[i]);
            if (j - i >= 2)
            {
                s.Append("..").Append(WeekdayNames[j]);
            }
            else if (j - i == 1)
            {
                s.Append(',').Append(WeekdayNames[j]);
            }

            needComma = true;
            i = j + 1;
        }
    }

    private static void AppendChain(StringBuilder s, CalendarComponent[]? chain, int width, bool usec)
    {
        if (chain is null)
        {
            s.Append('*');
            return;
        }

        for (int i = 0; i < chain.Length; i++)
        {
            if (i > 0)
            {
                s.Append(',');
            }

            CalendarComponent c = chain[i];
            AppendValue(s, c.Start, width, usec);
            if (c.Stop >= 0)
            {
                s.Append("..");
                AppendValue(s, c.Stop, width, usec);
            }

            if (c.Repeat > 0)
            {
                s.Append('/');
                AppendValue(s, c.Repeat, 0, usec);
            }
        }
    }

    private static void AppendValue(StringBuilder s, int v, int width, bool usec)
    {
        string format = width == 0 ? "D" : "D" + width.ToString(CultureInfo.InvariantCulture);
        if (!usec)
        {
            s.Append(v.ToString(format, CultureInfo.InvariantCulture));
            return;
        }

        s.Append((v / 1_000_000).ToString(format, CultureInfo.InvariantCulture));
        if (v % 1_000_000 != 0)
        {
            s.Append('.').Append((v % 1_000_000).ToString("D6", CultureInfo.InvariantCulture));
        }
    }

    /// <summary>The zone the event's fields are read in: UTC, its own Olson zone, or the local one.</summary>
    public TimeZoneRules ResolveZone(TimeZoneRules local) =>
        Utc ? TimeZoneRules.Utc : TimeZone is not null ? (TimeZoneRules.FromTz(TimeZone)) : local;

    /// <summary>How many rounds a search may take before systemd gives it up as an infinite loop (a zone whose
    /// gap sends each round back to where it started). Real searches need a few dozen.</summary>
    public const int MaxSearchRounds = 1000;

    /// <summary>The first elapse strictly after <paramref name="afterUsec"/>, or null when there is none (or the
    /// search loops). <paramref name="zone"/> is the zone from <see cref="ResolveZone"/>.</summary>
    public ulong? NextElapse(ulong afterUsec, TimeZoneRules zone) =>
        TryNextElapse(afterUsec, zone, out ulong next) == CalendarSearchResult.Found ? next : null;

    /// <summary>
    /// The first elapse strictly after <paramref name="afterUsec"/>, searched as systemd 252 searches: on the
    /// local calendar fields, field by field from the year down, each normalized by mktime in
    /// <paramref name="zone"/> (so the glibc offset memory in <paramref name="zone"/> moves as it does there).
    /// What systemd does at the edges, as its results show:
    /// <list type="bullet">
    /// <item>A field that finds no value moves its parent on by one and clears the fields below.</item>
    /// <item>A value that does not exist as written (the 31st of a short month, an hour a repetition carries
    /// past 23, a time in a DST gap) goes on from where mktime normalizes it; when the carry went exactly one
    /// field up, the fields below that one start from their first value again. When mktime moved it back
    /// instead, the parent field moves on.</item>
    /// <item>A match that normalization moved to before the start (a gap whose earlier side is the DST side, as
    /// in Europe/Dublin's negative DST) is tried again an hour later, and from then on each time keeps the DST
    /// flag mktime gave it instead of the event's.</item>
    /// <item>After <see cref="MaxSearchRounds"/> rounds the search gives up.</item>
    /// </list>
    /// </summary>
    public CalendarSearchResult TryNextElapse(ulong afterUsec, TimeZoneRules zone, out ulong next)
    {
        next = 0;
        if (afterUsec >= Timestamp.FormattableMax)
        {
            return CalendarSearchResult.Never;
        }

        ulong startUsec = afterUsec + 1;
        long t0 = (long)(startUsec / Timespan.Second);
        LocalTime start = Utc ? CivilTime.ToUtc(t0) : zone.ToLocal(t0);
        var c = new Fields { Year = start.Year, Month = start.Month, Day = start.Day, Hour = start.Hour, Minute = start.Minute, Second = start.Second, IsDst = start.IsDst ? 1 : 0 };
        long us = (long)(startUsec % Timespan.Second);
        bool keepDst = false;
        for (int round = 0; ; round++)
        {
            if (round == MaxSearchRounds)
            {
                return CalendarSearchResult.InfiniteLoop;
            }

            Normalize(ref c, zone);
            if (!keepDst)
            {
                c.IsDst = Dst;
            }

            int r = Match(Year, ref c.Year, 1);
            if (r > 0)
            {
                Clear(ref c, ref us, Level.Year);
            }

            if (r < 0 || OutOfBounds(c, zone, out _))
            {
                return CalendarSearchResult.Never;
            }

            r = Match(Month, ref c.Month, 1);
            if (r > 0)
            {
                Clear(ref c, ref us, Level.Month);
            }

            if (r < 0)
            {
                Carry(ref c, ref us, Level.Year);
                continue;
            }

            if (OutOfBounds(c, zone, out Fields n))
            {
                Resume(ref c, ref us, n, Level.Year);
                continue;
            }

            r = EndOfMonth ? MatchFromEndOfMonth(ref c, zone) : Match(Day, ref c.Day, 1);
            if (r > 0)
            {
                Clear(ref c, ref us, Level.Day);
            }

            if (r < 0)
            {
                Carry(ref c, ref us, Level.Month);
                continue;
            }

            if (OutOfBounds(c, zone, out n))
            {
                Resume(ref c, ref us, n, Level.Month);
                continue;
            }

            if (Weekdays != 0 && !MatchesWeekday(c, zone))
            {
                Carry(ref c, ref us, Level.Day);
                continue;
            }

            r = Match(Hour, ref c.Hour, 1);
            if (r > 0)
            {
                Clear(ref c, ref us, Level.Hour);
            }

            if (r < 0)
            {
                Carry(ref c, ref us, Level.Day);
                continue;
            }

            if (OutOfBounds(c, zone, out n))
            {
                Resume(ref c, ref us, n, Level.Day);
                continue;
            }

            r = Match(Minute, ref c.Minute, 1);
            if (r > 0)
            {
                Clear(ref c, ref us, Level.Minute);
            }

            if (r < 0)
            {
                Carry(ref c, ref us, Level.Hour);
                continue;
            }

            if (OutOfBounds(c, zone, out n))
            {
                Resume(ref c, ref us, n, Level.Hour);
                continue;
            }

            long v = (c.Second * 1_000_000) + us;
            r = Match(Microsecond ?? EverySecond, ref v, 1_000_000);
            c.Second = v / 1_000_000;
            us = v % 1_000_000;
            if (r < 0)
            {
                Carry(ref c, ref us, Level.Minute);
                continue;
            }

            if (OutOfBounds(c, zone, out n))
            {
                Resume(ref c, ref us, n, Level.Minute);
                continue;
            }

            if ((n.UtcSeconds * 1_000_000) + us < (long)startUsec)
            {
                c.Hour++;
                keepDst = true;
                continue;
            }

            break;
        }

        long seconds = Normalize(ref c, zone);
        if (seconds < 0)
        {
            return CalendarSearchResult.Never;
        }

        next = ((ulong)seconds * Timespan.Second) + (ulong)us;
        return CalendarSearchResult.Found;
    }

    /// <summary>The calendar fields from the year down; a search clears the ones below the field it moves.</summary>
    private enum Level
    {
        Year,
        Month,
        Day,
        Hour,
        Minute,
        Second,
    }

    private struct Fields
    {
        public long Year;
        public long Month;
        public long Day;
        public long Hour;
        public long Minute;
        public long Second;
        public int IsDst;
        public long UtcSeconds;
    }

    /// <summary>Sets every field below <paramref name="level"/> to its first value.</summary>
    private static void Clear(ref Fields c, ref long us, Level level)
    {
        if (level < Level.Month)
        {
            c.Month = 1;
        }

        if (level < Level.Day)
        {
            c.Day = 1;
        }

        if (level < Level.Hour)
        {
            c.Hour = 0;
        }

        if (level < Level.Minute)
        {
            c.Minute = 0;
        }

        c.Second = 0;
        us = 0;
    }

    /// <summary>Moves <paramref name="level"/> on by one and clears the fields below it.</summary>
    private static void Carry(ref Fields c, ref long us, Level level)
    {
        switch (level)
        {
            case Level.Year:
                c.Year++;
                break;
            case Level.Month:
                c.Month++;
                break;
            case Level.Day:
                c.Day++;
                break;
            case Level.Hour:
                c.Hour++;
                break;
            default:
                c.Minute++;
                break;
        }

        Clear(ref c, ref us, level);
    }

    /// <summary>Goes on after fields that do not exist as written. When mktime moved them forward (the 31st of
    /// a short month, an hour a repetition carried past 23, a time in a DST gap), the search goes on from
    /// where it put them, and when that carry went exactly into <paramref name="parent"/> the fields below
    /// start over. When it moved them back (a gap whose earlier side is the DST side), the parent moves on.</summary>
    private static void Resume(ref Fields c, ref long us, Fields normalized, Level parent)
    {
        if (IsEarlier(normalized, c))
        {
            Carry(ref c, ref us, parent);
            return;
        }

        // A pure carry of the field itself into its parent (hour 25, the 31st of April) starts the parent's next
        // unit over; one that a zone shift also moved (a gap right after it) goes on from the shifted time.
        Level first = FirstDifference(c, normalized);
        bool pureCarry = first == parent && AtFirstValuesBelow(normalized, parent + 1);
        c = normalized;
        if (pureCarry)
        {
            Clear(ref c, ref us, parent);
        }
    }

    private static bool AtFirstValuesBelow(Fields f, Level level) =>
        (level >= Level.Day || f.Day == 1) && (level >= Level.Hour || f.Hour == 0) && (level >= Level.Minute || f.Minute == 0) && (level >= Level.Second || f.Second == 0);

    private static bool IsEarlier(Fields a, Fields b) => FirstDifference(a, b) switch
    {
        Level.Year => a.Year < b.Year,
        Level.Month => a.Month < b.Month,
        Level.Day => a.Day < b.Day,
        Level.Hour => a.Hour < b.Hour,
        Level.Minute => a.Minute < b.Minute,
        _ => a.Second < b.Second,
    };

    private static Level FirstDifference(Fields a, Fields b) =>
        a.Year != b.Year ? Level.Year : a.Month != b.Month ? Level.Month : a.Day != b.Day ? Level.Day :
        a.Hour != b.Hour ? Level.Hour : a.Minute != b.Minute ? Level.Minute : Level.Second;

    /// <summary>mktime (or timegm) on the fields in place; returns the UTC seconds, or -1 (fields untouched)
    /// where mktime fails.</summary>
    private long Normalize(ref Fields c, TimeZoneRules zone)
    {
        LocalTime n;
        if (Utc)
        {
            n = CivilTime.ToUtc(CivilTime.LocalSeconds(c.Year, c.Month, c.Day, c.Hour, c.Minute, c.Second));
        }
        else if (!zone.TryMakeTime(c.Year, c.Month, c.Day, c.Hour, c.Minute, c.Second, c.IsDst, out n))
        {
            c.UtcSeconds = -1;
            return -1;
        }

        c.Year = n.Year;
        c.Month = n.Month;
        c.Day = n.Day;
        c.Hour = n.Hour;
        c.Minute = n.Minute;
        c.Second = n.Second;
        c.IsDst = n.IsDst ? 1 : 0;
        c.UtcSeconds = n.UtcSeconds;
        return n.UtcSeconds;
    }

    /// <summary>Whether the fields are a time that exists as written; <paramref name="normalized"/> is what
    /// mktime makes of them.</summary>
    private bool OutOfBounds(Fields c, TimeZoneRules zone, out Fields normalized)
    {
        normalized = c;
        if (Normalize(ref normalized, zone) < 0 || c.Year > MaxYear)
        {
            return true;
        }

        return FirstDifference(c, normalized) != Level.Second || normalized.Second != c.Second;
    }

    /// <summary>The weekday of the fields, read (as systemd does) from a normalized copy.</summary>
    private bool MatchesWeekday(Fields c, TimeZoneRules zone)
    {
        Normalize(ref c, zone);
        int wday = CivilTime.WeekDay(CivilTime.DaysFromCivil(c.Year, c.Month, c.Day));
        int bit = wday == 0 ? 6 : wday - 1;
        return (Weekdays & (1 << bit)) != 0;
    }

    private static readonly CalendarComponent[] EverySecond = [new(0, -1, 1_000_000)];

    /// <summary>Moves <paramref name="value"/> to the first value at or after it the field allows:
    /// 0 when it already matches, 1 when it moved, -1 when nothing is left. A range steps by
    /// <paramref name="unit"/>; a repetition without an end goes on past the field's range.</summary>
    private static int Match(CalendarComponent[]? chain, ref long value, long unit)
    {
        if (chain is null)
        {
            return 0;
        }

        long best = long.MaxValue;
        foreach (CalendarComponent comp in chain)
        {
            best = Math.Min(best, FirstAtOrAfter(comp.Start, comp.Stop, comp.Repeat, value, unit));
        }

        return Moved(ref value, best);
    }

    /// <summary>
    /// The day field of <c>~</c> events: each component counts back from the end of the month. The last days
    /// are found as systemd finds them, by mktime on "day 1 - n of the next month" at the current time of day
    /// (which moves glibc's offset memory like any other call); a component without a range end still costs
    /// the call for it.
    /// </summary>
    private int MatchFromEndOfMonth(ref Fields c, TimeZoneRules zone)
    {
        if (Day is null)
        {
            return 0;
        }

        long best = long.MaxValue;
        foreach (CalendarComponent comp in Day)
        {
            long start = DayFromEnd(c, comp.Start, zone);
            long stop = DayFromEnd(c, comp.Stop, zone);
            if (comp.Stop >= 0)
            {
                (start, stop) = (stop, start);
            }
            else
            {
                stop = -1;
            }

            best = Math.Min(best, FirstAtOrAfter(start, stop, comp.Repeat, c.Day, 1));
        }

        return Moved(ref c.Day, best);
    }

    private long DayFromEnd(Fields c, long daysBack, TimeZoneRules zone)
    {
        c.Month++;
        c.Day = 1 - daysBack;
        Normalize(ref c, zone);
        return c.Day;
    }

    private static long FirstAtOrAfter(long start, long stop, long repeat, long value, long unit)
    {
        if (start >= value)
        {
            return start;
        }

        if (repeat > 0 || stop >= 0)
        {
            long step = repeat > 0 ? repeat : unit;
            long k = start + (step * ((value - start + step - 1) / step));
            if (stop < 0 || k <= stop)
            {
                return k;
            }
        }

        return long.MaxValue;
    }

    private static int Moved(ref long value, long best)
    {
        if (best == long.MaxValue)
        {
            return -1;
        }

        int r = best != value ? 1 : 0;
        value = best;
        return r;
    }
}
