namespace Steward.Time.Tests;

public class TimespanParseTests
{
    private static ulong Parse(string text)
    {
        Assert.Equal(TimespanParseResult.Ok, Timespan.TryParse(text, Timespan.Second, out ulong usec));
        return usec;
    }

    [Theory]
    [InlineData("1usec", 1UL)]
    [InlineData("1us", 1UL)]
    [InlineData("1\u00b5s", 1UL)]
    [InlineData("1\u03bcs", 1UL)]
    [InlineData("1msec", 1000UL)]
    [InlineData("1ms", 1000UL)]
    [InlineData("1seconds", 1000000UL)]
    [InlineData("1second", 1000000UL)]
    [InlineData("1sec", 1000000UL)]
    [InlineData("1s", 1000000UL)]
    [InlineData("1minutes", 60000000UL)]
    [InlineData("1minute", 60000000UL)]
    [InlineData("1min", 60000000UL)]
    [InlineData("1m", 60000000UL)]
    [InlineData("1hours", 3600000000UL)]
    [InlineData("1hour", 3600000000UL)]
    [InlineData("1hr", 3600000000UL)]
    [InlineData("1h", 3600000000UL)]
    [InlineData("1days", 86400000000UL)]
    [InlineData("1day", 86400000000UL)]
    [InlineData("1d", 86400000000UL)]
    [InlineData("1weeks", 604800000000UL)]
    [InlineData("1week", 604800000000UL)]
    [InlineData("1w", 604800000000UL)]
    [InlineData("1months", 2629800000000UL)]
    [InlineData("1month", 2629800000000UL)]
    [InlineData("1M", 2629800000000UL)]
    [InlineData("1years", 31557600000000UL)]
    [InlineData("1year", 31557600000000UL)]
    [InlineData("1y", 31557600000000UL)]
    public void EveryUnitSpellingOfTheManPageIsUnderstood(string text, ulong expected) => Assert.Equal(expected, Parse(text));

    [Theory]
    [InlineData("1h 30min", 5400000000UL)]
    [InlineData("1h30m", 5400000000UL)]
    [InlineData("1h 30 min", 5400000000UL)]
    [InlineData("1us1", 1000001UL)]
    [InlineData("1s+2s", 3000000UL)]
    public void ComponentsAreSummed(string text, ulong expected) => Assert.Equal(expected, Parse(text));

    [Theory]
    [InlineData("1.5s", 1500000UL)]
    [InlineData(".5s", 500000UL)]
    [InlineData("1.5us", 1UL)]
    [InlineData("1.33333333min", 79999998UL)]
    public void FractionsTruncateDigitByDigit(string text, ulong expected) => Assert.Equal(expected, Parse(text));

    [Fact]
    public void BareNumbersTakeTheCallersDefaultUnit()
    {
        Assert.Equal(TimespanParseResult.Ok, Timespan.TryParse("5", Timespan.Millisecond, out ulong usec));
        Assert.Equal(5000UL, usec);
    }

    [Fact]
    public void InfinityIsTheLargestValue() => Assert.Equal(ulong.MaxValue, Parse(" infinity "));

    [Theory]
    [InlineData("")]
    [InlineData("5 foo")]
    [InlineData("1.s")]
    [InlineData("1hx")]
    [InlineData("1 SEC")]
    [InlineData("infinity infinity")]
    [InlineData("+.5s")]
    public void MalformedSpansAreInvalid(string text) => Assert.Equal(TimespanParseResult.Invalid, Timespan.TryParse(text, Timespan.Second, out _));

    [Theory]
    [InlineData("-1s")]
    [InlineData("9223372036854775808us")]
    [InlineData("100000000000000y")]
    public void NegativeAndOverflowingSpansAreOutOfRange(string text) => Assert.Equal(TimespanParseResult.OutOfRange, Timespan.TryParse(text, Timespan.Second, out _));
}
