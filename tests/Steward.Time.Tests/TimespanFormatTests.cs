namespace Steward.Time.Tests;

public class TimespanFormatTests
{
    [Theory]
    [InlineData(0UL, "0")]
    [InlineData(ulong.MaxValue, "infinity")]
    [InlineData(90000000UL, "1min 30s")]
    [InlineData(93600000000UL, "1d 2h")]
    [InlineData(500000UL, "500ms")]
    [InlineData(1500000UL, "1.500000s")]
    [InlineData(1500UL, "1.500ms")]
    [InlineData(61500000UL, "1min 1.500000s")]
    [InlineData(2629800000000UL, "1month")]
    [InlineData(604800000001UL, "1w 1us")]
    public void SpansPrintAsSystemdPrintsThem(ulong usec, string expected) => Assert.Equal(expected, Timespan.Format(usec));
}
