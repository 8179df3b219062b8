using BenchmarkDotNet.Attributes;

namespace Steward.Time.Benchmarks;

/// <summary>
/// Next-elapse computation of typical timer expressions, in UTC and in a DST zone. One operation =
/// <see cref="Computations"/> computations, each from the elapse before (so the searches cross midnights,
/// month ends and the DST changes of the zone), restarting from the base time every 10,000.
/// </summary>
[MemoryDiagnoser]
public class NextElapseBenchmarks
{
    public const int Computations = 1_000_000;

    private const ulong BaseTime = 1_774_000_000UL * 1_000_000;

    private CalendarSchedule? _schedule;

    [Params("daily", "*-*-* 02:30:00", "Mon..Fri 09:00", "*:0/15", "hourly")]
    public string Expression { get; set; } = "daily";

    [Params("UTC", "Europe/Berlin")]
    public string Zone { get; set; } = "UTC";

    [GlobalSetup]
    public void Setup()
    {
        TimeZoneRules zone = TimeZoneRules.FromTz(Zone);
        if (CalendarSpec.TryParse(Expression, zone, out CalendarSpec? spec) != TimestampParseResult.Ok || spec is null)
        {
            throw new InvalidOperationException($"cannot parse {Expression}");
        }

        _schedule = new CalendarSchedule(spec, zone);
    }

    [Benchmark(OperationsPerInvoke = Computations)]
    public ulong NextElapse()
    {
        ulong after = BaseTime;
        for (int i = 0; i < Computations; i++)
        {
            if (i % 10_000 == 0)
            {
                after = BaseTime;
            }

            _schedule!.TryNext(after, out after);
        }

        return after;
    }
}
