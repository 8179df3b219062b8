namespace Steward.Time.Tests;

public class TimeZoneRulesTests
{
    private static long Utc(int y, int mo, int d, int h, int mi) => CivilTime.LocalSeconds(y, mo, d, h, mi, 0);

    [Theory]
    [InlineData("Europe/Berlin", 2026, 7, 3, 9, 0, 7200, true, "CEST")]
    [InlineData("Europe/Berlin", 2026, 12, 3, 9, 0, 3600, false, "CET")]
    [InlineData(":Europe/Berlin", 2050, 7, 3, 9, 0, 7200, true, "CEST")]
    [InlineData("America/New_York", 2026, 7, 3, 9, 0, -14400, true, "EDT")]
    [InlineData("Asia/Kolkata", 2026, 7, 3, 9, 0, 19800, false, "IST")]
    [InlineData("EST5EDT,M3.2.0,M11.1.0", 2026, 7, 3, 9, 0, -14400, true, "EDT")]
    [InlineData("EST5EDT,M3.2.0,M11.1.0", 2026, 12, 3, 9, 0, -18000, false, "EST")]
    [InlineData("IST-1GMT-0,M10.5.0/1,M3.5.0/1", 2026, 7, 3, 9, 0, 3600, false, "IST")]
    [InlineData("IST-1GMT-0,M10.5.0/1,M3.5.0/1", 2026, 12, 3, 9, 0, 0, true, "GMT")]
    [InlineData("<+0530>-5:30", 2026, 12, 3, 9, 0, 19800, false, "+0530")]
    [InlineData("XYZ-2ABC,J60/0,300", 2026, 3, 2, 9, 0, 10800, true, "ABC")]
    [InlineData("", 2026, 7, 3, 9, 0, 0, false, "UTC")]
    public void UtcInstantsBecomeLocalTimeWithOffsetFlagAndAbbreviation(string tz, int y, int mo, int d, int h, int mi, int offset, bool dst, string abbreviation)
    {
        LocalTime local = TimeZoneRules.FromTz(tz).ToLocal(Utc(y, mo, d, h, mi));
        Assert.Equal((offset, dst, abbreviation), (local.Offset, local.IsDst, local.Abbreviation));
    }

    [Theory]
    [InlineData("Europe/Berlin", 2026, 3, 29, 2, 30, -1, "2026-03-29 01:30")]
    [InlineData("Europe/Berlin", 2026, 3, 29, 2, 30, 1, "2026-03-29 00:30")]
    [InlineData("Europe/Berlin", 2026, 10, 25, 2, 30, -1, "2026-10-25 01:30")]
    [InlineData("Europe/Berlin", 2026, 10, 25, 2, 30, 1, "2026-10-25 00:30")]
    [InlineData("Europe/Berlin", 2026, 12, 3, 11, 0, 1, "2026-12-03 09:00")]
    [InlineData("Europe/Dublin", 2026, 3, 29, 1, 30, -1, "2026-03-29 00:30")]
    [InlineData("America/New_York", 2026, 3, 8, 2, 30, -1, "2026-03-08 07:30")]
    [InlineData("America/New_York", 2026, 11, 1, 1, 30, -1, "2026-11-01 05:30")]
    [InlineData("Australia/Lord_Howe", 2026, 10, 4, 2, 15, -1, "2026-10-03 15:45")]
    [InlineData("Asia/Kolkata", 2026, 12, 3, 11, 0, 1, "2026-12-03 04:30")]
    public void LocalTimesResolveLikeGlibcMktimeInAFreshProcess(string tz, int y, int mo, int d, int h, int mi, int isDst, string expectedUtc)
    {
        Assert.True(TimeZoneRules.FromTz(tz).TryMakeTime(y, mo, d, h, mi, 0, isDst, out LocalTime local));
        LocalTime utc = CivilTime.ToUtc(local.UtcSeconds);
        Assert.Equal(expectedUtc, $"{utc.Year:D4}-{utc.Month:D2}-{utc.Day:D2} {utc.Hour:D2}:{utc.Minute:D2}");
    }

    [Fact]
    public void MktimeRemembersTheLastOffsetSoAnOverlapResolvesByTheCallBefore()
    {
        TimeZoneRules zone = TimeZoneRules.FromTz("America/New_York");
        zone.TryMakeTime(2026, 12, 3, 11, 0, 0, -1, out _);
        zone.TryMakeTime(2026, 11, 1, 1, 30, 0, -1, out LocalTime overlap);
        Assert.Equal("EST", overlap.Abbreviation);
    }

    /// <summary>On 1981-03-01 Lord Howe moved from +10 to +1030 at midnight, both standard time: 00:00..00:29
    /// asked for as standard time has no answer (glibc's mktime returns -1; python3's time.mktime raises, and
    /// <c>TZ=Australia/Lord_Howe systemd-analyze timestamp '1981-03-01 00:00 +1030'</c> fails to parse).</summary>
    [Fact]
    public void AGapBetweenTwoStandardTimesHasNoAnswerForStandardTime()
    {
        TimeZoneRules zone = TimeZoneRules.FromTz("Australia/Lord_Howe");
        Assert.False(zone.TryMakeTime(1981, 3, 1, 0, 0, 0, 0, out _));
        Assert.True(zone.TryMakeTime(1981, 3, 1, 0, 0, 0, -1, out LocalTime unknown));
        Assert.Equal((1981L, 2, 28, 23, 30), (unknown.Year, unknown.Month, unknown.Day, unknown.Hour, unknown.Minute));
    }

    [Theory]
    [InlineData("Europe/Berlin", false)]
    [InlineData("UTC", true)]
    [InlineData("Iceland", true)]
    [InlineData("Foo/Bar", true)]
    [InlineData("Europe/Dublin", false)]
    public void ZonesWithoutOffsetOrDaylightCountAsUtc(string tz, bool utc) => Assert.Equal(utc, TimeZoneRules.FromTz(tz).IsUtc);

    [Fact]
    public void GlibcTznameFollowsTheLastConvertedTime()
    {
        TimeZoneRules zone = TimeZoneRules.FromTz("Asia/Kolkata");
        Assert.Equal(("IST", "+0630"), (zone.StandardName, zone.DaylightName));
        zone.ToLocal(Utc(2026, 1, 1, 0, 0));
        Assert.Equal(("IST", "IST"), (zone.StandardName, zone.DaylightName));
    }
}
