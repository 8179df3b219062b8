namespace Steward.Time.Tests;

public class CalendarSpecTests
{
    private static CalendarSpec Parse(string text)
    {
        Assert.Equal(TimestampParseResult.Ok, CalendarSpec.TryParse(text, TimeZoneRules.Utc, out CalendarSpec? spec));
        return spec!;
    }

    [Theory]
    [InlineData("daily", "*-*-* 00:00:00")]
    [InlineData("weekly", "Mon *-*-* 00:00:00")]
    [InlineData("quarterly", "*-01,04,07,10-01 00:00:00")]
    [InlineData("Mon,Tue,Wed", "Mon..Wed *-*-* 00:00:00")]
    [InlineData("Wed,Mon", "Mon,Wed *-*-* 00:00:00")]
    [InlineData("Mon..Sun", "*-*-* 00:00:00")]
    [InlineData("Mon..Fri *-*~1 8,9:0/15", "Mon..Fri *-*~01 08,09:00/15:00")]
    [InlineData("2000..2010/3-1-1", "2000..2009/3-01-01 00:00:00")]
    [InlineData("*-*-5,1,1", "*-*-01,05 00:00:00")]
    [InlineData("*:*:1.5..5", "*-*-* *:*:01.500000..04.500000")]
    [InlineData("5:7:9.123456789", "*-*-* 05:07:09.123457")]
    [InlineData("12:00,13:00", "*-*-* 12:00,13:00")]
    [InlineData("99-1-1", "1999-01-01 00:00:00")]
    [InlineData("hourly utc", "*-*-* *:00:00 UTC")]
    [InlineData("minutely Asia/Kolkata", "*-*-* *:*:00 Asia/Kolkata")]
    [InlineData("@5", "1970-01-01 00:00:05 UTC")]
    [InlineData("*-05..07/1-1", "*-05..07-01 00:00:00")]
    [InlineData("*-06..06/4-1", "*-06-01 00:00:00")]
    public void EventsNormalizeAsSystemdPrintsThem(string text, string normalized) => Assert.Equal(normalized, Parse(text).ToString());

    [Theory]
    [InlineData("Sat..Mon")]
    [InlineData("3")]
    [InlineData(" daily")]
    [InlineData("*-*-* 24:00")]
    [InlineData("*-*-* 23:59:60")]
    [InlineData("2200-1-1")]
    [InlineData("*-*~1/2")]
    [InlineData("*-09/4-*")]
    [InlineData("@5.5")]
    [InlineData("today")]
    public void InvalidEventsAreRejected(string text) => Assert.Equal(TimestampParseResult.Invalid, CalendarSpec.TryParse(text, TimeZoneRules.Utc, out _));

    [Fact]
    public void ARepetitionOfZeroIsOutOfRange() => Assert.Equal(TimestampParseResult.OutOfRange, CalendarSpec.TryParse("*-*-* 8:0/0", TimeZoneRules.Utc, out _));

    private static string Next(string text, string tz, string baseUtc, int iterations = 1)
    {
        TimeZoneRules zone = TimeZoneRules.FromTz(tz);
        Assert.Equal(TimestampParseResult.Ok, CalendarSpec.TryParse(text, zone, out CalendarSpec? spec));
        Assert.Equal(TimestampParseResult.Ok, Timestamp.TryParse(baseUtc, 0, zone, out ulong after));
        var schedule = new CalendarSchedule(spec!, zone);
        var results = new List<string>();
        for (int i = 0; i < iterations; i++)
        {
            CalendarSearchResult result = schedule.TryNext(after, out ulong n);
            if (result != CalendarSearchResult.Found)
            {
                results.Add(result == CalendarSearchResult.Never ? "never" : "infinite loop");
                break;
            }

            results.Add(Timestamp.Format(n, zone)!);
            after = n;
        }

        return string.Join(" | ", results);
    }

    [Theory]
    [InlineData("daily", "Europe/Berlin", "2026-03-28 12:00 UTC", 2, "Sun 2026-03-29 00:00:00 CET | Mon 2026-03-30 00:00:00 CEST")]
    [InlineData("*-*-* 02:30", "Europe/Berlin", "2026-03-28 12:00 UTC", 1, "Mon 2026-03-30 02:30:00 CEST")]
    [InlineData("*-02-29", "UTC", "2026-03-01 00:00 UTC", 1, "Tue 2028-02-29 00:00:00 UTC")]
    [InlineData("*-*~01", "UTC", "2026-02-01 00:00 UTC", 2, "Sat 2026-02-28 00:00:00 UTC | Tue 2026-03-31 00:00:00 UTC")]
    [InlineData("2026-12-03", "UTC", "2026-12-03 11:00 UTC", 1, "never")]
    [InlineData("hourly UTC", "Europe/Berlin", "2026-03-28 12:00 UTC", 1, "Sat 2026-03-28 14:00:00 CET")]
    [InlineData("*-*-* *:*:*", "UTC", "2026-03-28 12:00 UTC", 2, "Sat 2026-03-28 12:00:01 UTC | Sat 2026-03-28 12:00:02 UTC")]
    [InlineData("2199-12-31", "UTC", "2100-01-01 00:00 UTC", 1, "Tue 2199-12-31 00:00:00 UTC")]
    [InlineData("*-*-* 03:14:08", "UTC", "2038-01-19 00:00 UTC", 1, "Tue 2038-01-19 03:14:08 UTC")]
    public void NextElapsesFollowTheLocalCalendarAcrossDstAndLeapDays(string text, string tz, string baseUtc, int iterations, string expected) =>
        Assert.Equal(expected, Next(text, tz, baseUtc, iterations));

    /// <summary>
    /// The divergences the differential test found, each reduced to one event. Every expected value is the
    /// output of the real tool: <c>TZ=tz systemd-analyze calendar --base-time='base' --iterations=N 'event'</c>
    /// (systemd 252), its "Next elapse" and "Iter. #n" values joined with " | ".
    /// </summary>
    [Theory]
    // A time in a spring-forward gap goes on from where mktime puts it (03:00), not from the next day.
    [InlineData("*-*-* 02,04:00", "Europe/Berlin", "2026-03-29 00:59:59 UTC", 2, "Sun 2026-03-29 04:00:00 CEST | Mon 2026-03-30 02:00:00 CEST")]
    [InlineData("02/9,09:*", "America/New_York", "2026-03-08 06:59 UTC", 1, "Sun 2026-03-08 09:00:00 EDT")]
    // Lord Howe's half-hour gap: 02:00 becomes 02:30.
    [InlineData("2,3:*", "Australia/Lord_Howe", "2026-10-03 15:00 UTC", 2, "Sun 2026-10-04 02:30:00 +11 | Sun 2026-10-04 02:31:00 +11")]
    // Negative DST (winter is the DST side): mktime moves the gap back to before the start; retried an hour later.
    [InlineData("hourly", "Europe/Dublin", "2026-03-29 00:59:59 UTC", 2, "Sun 2026-03-29 02:00:00 IST | Sun 2026-03-29 03:00:00 IST")]
    [InlineData("2024-*~01 0:59", "IST-1GMT-0,M10.5.0/1,M3.5.0/1", "2024-03-30 12:00 UTC", 2, "Sun 2024-03-31 00:59:00 GMT | Tue 2024-04-30 00:59:00 IST")]
    // A value mktime moves back (01:00 in Dublin's gap) moves the day on instead.
    [InlineData("1:15", "Europe/Dublin", "2026-03-29 00:59:59 UTC", 1, "Mon 2026-03-30 01:15:00 IST")]
    // In an overlap the side depends on glibc's remembered offset, which the ~ day lookup (mktime on the next month) moves.
    [InlineData("2100-10~01 01..03:11/27:1..5", "Europe/Dublin", "2037-12-31 23:00 UTC", 3, "Sun 2100-10-31 01:11:01 IST | Sun 2100-10-31 01:11:02 GMT | Sun 2100-10-31 01:11:03 GMT")]
    // A repetition that carries the hour past 23: at a month's (or year's) end the search goes on from 01:00 of the
    // next day, so 00:12 is skipped; within a month it starts the next day over.
    [InlineData("0,7/6:12", "UTC", "2099-12-31 23:59 UTC", 2, "Fri 2100-01-01 07:12:00 UTC | Fri 2100-01-01 13:12:00 UTC")]
    [InlineData("0,7/6:12", "UTC", "2026-03-01 23:59 UTC", 1, "Mon 2026-03-02 00:12:00 UTC")]
    // An event with its own zone is computed as in a forked child of the process.
    [InlineData("*-*-29 0:*:15.5 Europe/Dublin", "UTC", "2026-03-29 00:59:59 UTC", 2, "Tue 2026-04-28 23:00:15 UTC | Tue 2026-04-28 23:01:15 UTC")]
    // A negative half-hour DST: the retry is an hour later, not half an hour.
    [InlineData("*:45", "XST-1XDT-0:30,M10.5.0/1,M3.5.0/1", "2026-03-29 00:29:59 UTC", 1, "Sun 2026-03-29 01:45:00 XST")]
    public void NextElapsesMatchSystemdAnalyzeWhereTheDifferentialTestFoundThemApart(string text, string tz, string baseUtc, int iterations, string expected) =>
        Assert.Equal(expected, Next(text, tz, baseUtc, iterations));

    /// <summary>In this zone 01:00..01:29 on 2026-03-29 does not exist and mktime takes it back to 00:30, so
    /// every round of <c>*:10</c> starts where the last one did. The real tool gives up the same way:
    /// <c>TZ='XST-1XDT-0:30,M10.5.0/1,M3.5.0/1' systemd-analyze calendar --base-time='2026-03-29 00:29:59 UTC' '*:10'</c>
    /// prints "Infinite loop in calendar calculation: *-*-* *:10:00" and "Failed to determine next elapse for
    /// '*:10': Resource deadlock avoided", exit status 1.</summary>
    [Fact]
    public void ASearchThatGoesRoundInCirclesGivesUpAsSystemdDoes() =>
        Assert.Equal("infinite loop", Next("*:10", "XST-1XDT-0:30,M10.5.0/1,M3.5.0/1", "2026-03-29 00:29:59 UTC"));
}
