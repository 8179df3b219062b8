using BenchmarkDotNet.Attributes;

namespace Steward.Time.Benchmarks;

/// <summary>Parsing of timespans (unit spellings, sums, decimals) and timestamps (absolute, with weekday,
/// with zone abbreviation, relative, epoch) as unit files and command lines write them.</summary>
[MemoryDiagnoser]
public class ParseBenchmarks
{
    private static readonly string[] Spans = ["90s", "1min 30s", "2h", "1.5d", "100ms", "5min 20s 300ms", "infinity", "3 weeks 2 days"];

    private static readonly string[] Stamps = ["2026-03-29 02:30", "Thu 2026-12-03 11:00", "tomorrow", "@1796298936", "2026-10-25 02:30 CEST", "+3h", "5min ago", "2026-12-03 11:00:00.250 UTC"];

    private readonly TimeZoneRules _zone = TimeZoneRules.FromTz("Europe/Berlin");

    [Benchmark(OperationsPerInvoke = 8)]
    public ulong Timespans()
    {
        ulong sum = 0;
        foreach (string s in Spans)
        {
            Timespan.TryParse(s, Timespan.Second, out ulong usec);
            sum += usec;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = 8)]
    public ulong Timestamps()
    {
        ulong sum = 0;
        foreach (string s in Stamps)
        {
            Timestamp.TryParse(s, 1_796_298_936UL * 1_000_000, _zone, out ulong usec);
            sum += usec;
        }

        return sum;
    }
}
