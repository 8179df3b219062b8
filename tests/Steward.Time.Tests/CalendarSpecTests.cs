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
        TimeZoneRules specZone = spec!.ResolveZone(zone);
        var results = new List<string>();
        for (int i = 0; i < iterations; i++)
        {
            ulong? next = spec.NextElapse(after, specZone);
            if (next is not ulong n)
            {
                results.Add("never");
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
}
