namespace Steward.Time.Tests;

public class TimestampTests
{
    // Thu 2026-12-03 11:55:36 UTC
    private const ulong Now = 1_796_298_936_000_000UL;

    private static ulong Parse(string text, string tz = "UTC")
    {
        Assert.Equal(TimestampParseResult.Ok, Timestamp.TryParse(text, Now, TimeZoneRules.FromTz(tz), out ulong usec));
        return usec;
    }

    [Theory]
    [InlineData("2026-12-03 11:00:00", 1_796_295_600_000_000UL)]
    [InlineData("Thu 2026-12-03 11:00", 1_796_295_600_000_000UL)]
    [InlineData("26-12-03", 1_796_256_000_000_000UL)]
    [InlineData("2026-12-03 11:00:00.5 UTC", 1_796_295_600_500_000UL)]
    [InlineData("11:00:01.1234567", 1_796_295_601_123_457UL)]
    [InlineData("Dec 3 11:00:00", 1_796_295_600_000_000UL)]
    [InlineData("@1.5", 1_500_000UL)]
    [InlineData("yesterday", 1_796_169_600_000_000UL)]
    [InlineData("tomorrow", 1_796_342_400_000_000UL)]
    [InlineData("+3h", Now + (3 * Timespan.Hour))]
    [InlineData("5min ago", Now - (5 * Timespan.Minute))]
    [InlineData("3 hours left", Now + (3 * Timespan.Hour))]
    [InlineData("2026-02-30", 1_772_409_600_000_000UL)]
    public void AbsoluteAndRelativeFormsParseAsSystemdReadsThem(string text, ulong expected) => Assert.Equal(expected, Parse(text));

    [Theory]
    [InlineData("Fri 2026-12-03")]
    [InlineData("Today")]
    [InlineData(" now")]
    [InlineData("2026-12-03 ")]
    [InlineData("1969-12-31 23:59:59")]
    [InlineData("9999-12-31 00:00:00")]
    [InlineData("2026-12-03 11:00 Europe/Berlin")]
    [InlineData("+3h ago")]
    [InlineData("-100y")]
    public void MalformedOrUnrepresentableTimestampsAreRejected(string text) =>
        Assert.Equal(TimestampParseResult.Invalid, Timestamp.TryParse(text, Now, TimeZoneRules.Utc, out _));

    [Fact]
    public void ANegativeEpochIsOutOfRange() => Assert.Equal(TimestampParseResult.OutOfRange, Timestamp.TryParse("@-1", Now, TimeZoneRules.Utc, out _));

    [Fact]
    public void TheLocalDaylightAbbreviationSelectsDaylightTime() =>
        Assert.Equal(Parse("2026-12-03 09:00 UTC"), Parse("2026-12-03 11:00 CEST", "Europe/Berlin"));

    [Theory]
    [InlineData(1_796_295_600_000_000UL, "Europe/Berlin", false, false, "Thu 2026-12-03 12:00:00 CET")]
    [InlineData(1_796_295_600_000_000UL, "Europe/Berlin", true, false, "Thu 2026-12-03 11:00:00 UTC")]
    [InlineData(1_796_295_600_123_456UL, "UTC", false, true, "Thu 2026-12-03 11:00:00.123456 UTC")]
    [InlineData(253_402_300_800_000_000UL, "UTC", false, false, "--- XXXX-XX-XX XX:XX:XX")]
    public void TimestampsFormatWithWeekdayAndZone(ulong usec, string tz, bool utc, bool micro, string expected) =>
        Assert.Equal(expected, Timestamp.Format(usec, TimeZoneRules.FromTz(tz), utc, micro));

    [Theory]
    [InlineData(Now - (5 * Timespan.Minute), "5min ago")]
    [InlineData(Now + (3 * Timespan.Hour) - Timespan.Minute, "2h 59min left")]
    [InlineData(Now + (11 * Timespan.Hour), "11h left")]
    [InlineData(Now - 657, "657us ago")]
    [InlineData(Now + (26 * Timespan.Hour), "1 day 2h left")]
    [InlineData(Now - (250 * Timespan.Day), "8 months 6 days ago")]
    [InlineData(Now, "now")]
    public void RelativeTimesReadLikeSystemdPrintsThem(ulong usec, string expected) => Assert.Equal(expected, Timestamp.FormatRelative(usec, Now));
}
