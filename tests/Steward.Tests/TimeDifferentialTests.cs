using Steward.Time;

namespace Steward.Tests;

/// <summary>Compares <c>steward analyze timespan</c> with the real systemd-analyze on generated spans.</summary>
public class TimeDifferentialTests
{
    private static readonly string[] Units =
    [
        "", "us", "usec", "\u00b5s", "\u03bcs", "ms", "msec", "s", "sec", "second", "seconds", "m", "min", "minute", "minutes",
        "h", "hr", "hour", "hours", "d", "day", "days", "w", "week", "weeks", "M", "month", "months", "y", "year", "years",
        "x", "SEC", "secs",
    ];

    private static readonly string[] Numbers = ["0", "1", "7", "59", "60", "90", "1000", "1.5", ".5", "0.001", "2.25", "1.", "123456789", "9223372036854775807", "+3"];

    private static readonly string[] Separators = ["", " ", "  ", "\t"];

    private static IEnumerable<string> GeneratedSpans(int count)
    {
        // A fixed seed keeps failures reproducible while still covering a spread of combinations.
        var random = new Random(252);
        for (int i = 0; i < count; i++)
        {
            int parts = random.Next(1, 4);
            var text = new System.Text.StringBuilder();
            for (int j = 0; j < parts; j++)
            {
                text.Append(Numbers[random.Next(Numbers.Length)]);
                text.Append(Separators[random.Next(Separators.Length)]);
                text.Append(Units[random.Next(Units.Length)]);
                text.Append(Separators[random.Next(Separators.Length)]);
            }

            yield return text.ToString();
        }

        yield return "infinity";
        yield return "";
        yield return "-1s";
    }

    [Fact]
    public void GeneratedTimespansMatchSystemdAnalyzeOneByOne()
    {
        var env = new Dictionary<string, string> { ["TZ"] = "UTC" };
        var failures = new List<string>();
        foreach (string span in GeneratedSpans(300))
        {
            ProcessResult ours = StewardBinary.Exec(StewardBinary.Path, env, "analyze", "timespan", "--", span);
            ProcessResult real = StewardBinary.Exec("systemd-analyze", env, "timespan", "--", span);
            if (ours.ExitCode != real.ExitCode || ours.Stdout != real.Stdout)
            {
                failures.Add($"[{span}] ours={ours.ExitCode}:{ours.Stdout} real={real.ExitCode}:{real.Stdout}");
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public void SeveralArgumentsStopAtTheFirstInvalidOneLikeSystemdAnalyze()
    {
        string[] args = ["timespan", "1s", "90", "bad", "2s"];
        ProcessResult ours = StewardBinary.Run(["analyze", .. args]);
        ProcessResult real = StewardBinary.Exec("systemd-analyze", args);
        Assert.Equal(real.ExitCode, ours.ExitCode);
        Assert.Equal(real.Stdout, ours.Stdout);
        Assert.StartsWith("Failed to parse time span 'bad': Invalid argument", ours.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Europe/Berlin")]
    [InlineData("America/New_York")]
    public void BatchesOfGeneratedTimespansMatchSystemdAnalyzeInOtherZones(string zone)
    {
        var env = new Dictionary<string, string> { ["TZ"] = zone };
        string[] spans = [.. GeneratedSpans(200).Where(s => Timespan.TryParse(s, Timespan.Second, out _) == TimespanParseResult.Ok)];
        Assert.True(spans.Length > 50, "the generator should yield plenty of valid spans");
        ProcessResult ours = StewardBinary.Exec(StewardBinary.Path, env, ["analyze", "timespan", "--", .. spans]);
        ProcessResult real = StewardBinary.Exec("systemd-analyze", env, ["timespan", "--", .. spans]);
        Assert.Equal(real.ExitCode, ours.ExitCode);
        Assert.Equal(real.Stdout, ours.Stdout);
    }
}
