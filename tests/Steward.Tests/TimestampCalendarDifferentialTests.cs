using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Steward.Tests;

/// <summary>
/// Compares <c>steward analyze timestamp</c> and <c>steward analyze calendar</c> with the real systemd-analyze
/// on generated expressions across a dozen zones (Olson names and POSIX strings), with pinned base times on
/// DST edges and at the ends of the range. Many expressions go to one process; "From now" lines depend on the
/// clock, so they are compared by meaning (the same direction), everything else byte for byte.
/// </summary>
public partial class TimestampCalendarDifferentialTests
{
    public static readonly TheoryData<string> Zones =
    [
        "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Pacific/Chatham", "Asia/Kolkata", "Europe/Dublin", "UTC",
        "EST5EDT,M3.2.0,M11.1.0", "IST-1GMT-0,M10.5.0/1,M3.5.0/1", "<+0330>-3:30", "America/Sao_Paulo", "Europe/London", "Asia/Tokyo", "",
    ];

    private static readonly string[] BaseTimes =
    [
        "2026-03-29 00:59:59 UTC", "2026-03-29 01:30 UTC", "2026-10-25 00:30 UTC", "2026-10-25 01:00:00 UTC", "2026-03-08 06:59 UTC", "2026-11-01 05:30 UTC",
        "2026-04-04 14:00 UTC", "2026-10-03 15:00 UTC", "2026-09-26 13:00 UTC", "2026-04-04 13:00 UTC", "2024-02-28 12:00 UTC", "2037-12-31 23:00 UTC",
        "2038-01-19 03:14:07 UTC", "2099-12-31 23:59 UTC", "1970-01-01 00:00:01 UTC", "2199-12-30 12:00 UTC",
    ];

    private static readonly string[] Abbreviations = ["CET", "CEST", "EST", "EDT", "IST", "GMT", "BST", "+11", "+1030", "NZDT", "+1345", "utc", "UTC", "JST", "+0330", "-03"];

    private static readonly string[] MonthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "March", "october"];

    private static readonly string[] WeekdayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "monday", "Friday", "SUN"];

    private static readonly string[] Olson = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Chatham", "Europe/Dublin", "Etc/GMT-14"];

    private static string Pick(Random r, params string[] items) => items[r.Next(items.Length)];

    private static string N(int v, int width = 2) => v.ToString("D" + width.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static int EdgeDay(Random r) => r.Next(4) switch
    {
        0 => r.Next(25, 32),
        1 => r.Next(1, 8),
        2 => r.Next(8, 15),
        _ => r.Next(1, 32),
    };

    public static IEnumerable<string> GeneratedTimestamps(Random r, int count)
    {
        for (int i = 0; i < count; i++)
        {
            int year = r.Next(5) == 0 ? int.Parse(Pick(r, "1970", "1971", "2000", "2037", "2038", "2039", "2099", "2100", "2199", "9999", "1969"), CultureInfo.InvariantCulture) : r.Next(2024, 2029);
            int month = r.Next(3) == 0 ? r.Next(1, 13) : int.Parse(Pick(r, "3", "4", "9", "10", "11"), CultureInfo.InvariantCulture);
            int day = EdgeDay(r);
            int hour = r.Next(3) == 0 ? r.Next(0, 24) : r.Next(0, 4);
            int minute = int.Parse(Pick(r, "0", "15", "30", "45", "59", "1"), CultureInfo.InvariantCulture);
            int second = r.Next(4) == 0 ? r.Next(0, 61) : 0;
            var s = new StringBuilder();
            if (r.Next(5) == 0)
            {
                s.Append(Pick(r, WeekdayNames)).Append(' ');
            }

            switch (r.Next(9))
            {
                case 0:
                    s.Append(CultureInfo.InvariantCulture, $"{N(year, 4)}-{N(month)}-{N(day)}");
                    break;
                case 1:
                    s.Append(CultureInfo.InvariantCulture, $"{N(year % 100)}-{month}-{day} {hour}:{N(minute)}");
                    break;
                case 2:
                    s.Append(CultureInfo.InvariantCulture, $"{Pick(r, MonthNames)} {day} {N(hour)}:{N(minute)}:{N(second)}");
                    break;
                case 3:
                    s.Append(CultureInfo.InvariantCulture, $"@{r.NextInt64(0, 4_200_000_000L)}{(r.Next(2) == 0 ? "." + r.Next(0, 999999).ToString(CultureInfo.InvariantCulture) : "")}");
                    yield return s.ToString();
                    continue;
                case 4:
                    s.Append(CultureInfo.InvariantCulture, $"{N(year, 4)}-{N(month)}-{N(day)} {N(hour)}:{N(minute)}:{N(second)}.{r.Next(0, 10_000_000)}");
                    break;
                case 5:
                    s.Append(Pick(r, "today", "yesterday", "tomorrow", "00:30", "23:59:59"));
                    break;
                default:
                    s.Append(CultureInfo.InvariantCulture, $"{N(year, 4)}-{N(month)}-{N(day)} {N(hour)}:{N(minute)}{(r.Next(2) == 0 ? ":" + N(second) : "")}");
                    break;
            }

            switch (r.Next(6))
            {
                case 0:
                    s.Append(" UTC");
                    break;
                case 1:
                case 2:
                    s.Append(' ').Append(Pick(r, Abbreviations));
                    break;
            }

            yield return s.ToString();
        }
    }

    private static string Chain(Random r, int min, int max, int width, bool allowStar = true)
    {
        if (allowStar && r.Next(3) == 0)
        {
            return "*";
        }

        int items = r.Next(1, 4);
        var parts = new List<string>();
        for (int i = 0; i < items; i++)
        {
            int a = r.Next(min, max + 1);
            string text = a.ToString("D" + width.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            switch (r.Next(5))
            {
                case 0:
                    int b = r.Next(a, max + 1);
                    text += ".." + b.ToString(CultureInfo.InvariantCulture);
                    break;
                case 1:
                    text += "/" + r.Next(1, Math.Max(2, (max - min) / 2)).ToString(CultureInfo.InvariantCulture);
                    break;
                case 2:
                    int c = r.Next(a, max + 1);
                    text += ".." + c.ToString(CultureInfo.InvariantCulture) + "/" + r.Next(1, 5).ToString(CultureInfo.InvariantCulture);
                    break;
            }

            parts.Add(text);
        }

        return string.Join(',', parts);
    }

    public static IEnumerable<string> GeneratedCalendarEvents(Random r, int count)
    {
        for (int i = 0; i < count; i++)
        {
            if (r.Next(8) == 0)
            {
                yield return Pick(r, "minutely", "hourly", "daily", "weekly", "monthly", "yearly", "annually", "quarterly", "semiannually", "Daily") + (r.Next(3) == 0 ? " " + Pick(r, Olson) : "");
                continue;
            }

            var s = new StringBuilder();
            if (r.Next(3) == 0)
            {
                string a = Pick(r, "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun");
                s.Append(r.Next(3) switch { 0 => a, 1 => a + ",Sat", _ => "Mon..Fri" }).Append(' ');
            }

            if (r.Next(4) != 0)
            {
                string year = r.Next(3) == 0 ? Chain(r, 2024, 2040, 4) : "*";
                if (r.Next(5) == 0)
                {
                    year = Pick(r, "2038", "2099", "2199", "1970", "2100", "26");
                }

                string month = Chain(r, 1, 12, 2);
                string day = r.Next(5) == 0 ? "~" + Pick(r, "1", "01", "2", "7/2", "1..3", "3,1") : "-" + Chain(r, 1, 31, 2);
                if (r.Next(6) == 0)
                {
                    day = "-" + Pick(r, "29", "30", "31", "28..31");
                    month = Pick(r, "02", "2", "*");
                }

                s.Append(r.Next(4) == 0 ? $"{month}{day}" : $"{year}-{month}{day}");
                s.Append(' ');
            }

            string hour = r.Next(2) == 0 ? Pick(r, "0", "1", "2", "3", "02", "01..03", "00/2", "2,3") : Chain(r, 0, 23, 2);
            string minute = r.Next(2) == 0 ? Pick(r, "0", "00", "15", "30", "45", "0/15", "*", "59") : Chain(r, 0, 59, 2);
            s.Append(hour).Append(':').Append(minute);
            if (r.Next(3) == 0)
            {
                s.Append(':').Append(Pick(r, "0", "00", "30", "*", "0/20", "15.5", "1..5", "59", "0/0.5"));
            }

            switch (r.Next(6))
            {
                case 0:
                    s.Append(" UTC");
                    break;
                case 1:
                    s.Append(' ').Append(Pick(r, Olson));
                    break;
            }

            yield return s.ToString().Trim();
        }
    }

    [GeneratedRegex(@"(From now: ).*?(left|ago|now)$", RegexOptions.Multiline)]
    private static partial Regex FromNow();

    private static string ByMeaning(string output) => FromNow().Replace(output, "$1… $2");

    /// <summary>Runs both tools; returns the differences (exit status, stderr, each block of stdout).</summary>
    private static List<string> Compare(IReadOnlyDictionary<string, string> env, string[] args)
    {
        if (Environment.GetEnvironmentVariable("STEWARD_DIFF_DUMP") is string dump && dump.Length > 0)
        {
            Directory.CreateDirectory(dump);
            File.WriteAllLines(Path.Combine(dump, $"{Guid.NewGuid():N}.args"), [env["TZ"], .. args]);
        }

        ProcessResult ours = StewardBinary.Exec(StewardBinary.Path, env, ["analyze", .. args]);
        ProcessResult real = StewardBinary.Exec("systemd-analyze", env, args);
        var failures = new List<string>();
        if (ours.ExitCode != real.ExitCode)
        {
            failures.Add($"exit status ours={ours.ExitCode} real={real.ExitCode}");
        }

        string[] a = ByMeaning(ours.Stdout).Split("\n\n");
        string[] b = ByMeaning(real.Stdout).Split("\n\n");
        for (int i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            string x = i < a.Length ? a[i] : "(missing)";
            string y = i < b.Length ? b[i] : "(missing)";
            if (x == y)
            {
                continue;
            }

            failures.Add($"TZ={env["TZ"]} {string.Join(' ', args.Take(3))}\nours:\n{x}\nreal:\n{y}");
        }

        if (ours.Stderr != real.Stderr)
        {
            failures.Add($"TZ={env["TZ"]} stderr ours:\n{ours.Stderr}\nreal:\n{real.Stderr}");
        }

        return failures;
    }

    public static int CasesRun;

    /// <summary>string.GetHashCode differs between processes; the seed of a zone must not.</summary>
    private static int StableHash(string text)
    {
        uint h = 2166136261;
        foreach (char c in text)
        {
            h = (h ^ c) * 16777619;
        }

        return (int)h;
    }

    [Theory]
    [MemberData(nameof(Zones))]
    public void GeneratedTimestampsMatchSystemdAnalyzeInEveryZone(string zone)
    {
        var random = new Random(TestSeed.Get(252) ^ StableHash(zone));
        var env = new Dictionary<string, string> { ["TZ"] = zone };
        string[] stamps = [.. GeneratedTimestamps(random, 400)];
        List<string> failures = Compare(env, ["timestamp", "--", .. stamps]);
        Interlocked.Add(ref CasesRun, stamps.Length);
        Assert.True(failures.Count == 0, string.Join("\n----\n", failures.Take(8)));
    }

    /// <summary>
    /// Parsing, normalized forms, every next elapse, errors and exit status must match exactly, including where a
    /// gap or an overlap falls inside a search (negative DST as in Europe/Dublin, Lord Howe's half-hour shift,
    /// iterations through an overlap, repetitions carried past a field's end). The seed comes from
    /// STEWARD_TEST_SEED (a number, or "random"); set STEWARD_DIFF_DUMP=DIR to keep every batch's arguments.
    /// </summary>
    [Theory]
    [MemberData(nameof(Zones))]
    public void GeneratedCalendarEventsMatchSystemdAnalyzeFromPinnedBaseTimes(string zone)
    {
        var random = new Random(TestSeed.Get(252) ^ StableHash(zone) ^ 0x5a5a);
        var env = new Dictionary<string, string> { ["TZ"] = zone };
        var failures = new List<string>();
        int events = 0;
        foreach (string baseTime in BaseTimes)
        {
            string[] batch = [.. GeneratedCalendarEvents(random, 30)];
            failures.AddRange(Compare(env, ["calendar", "--iterations=4", $"--base-time={baseTime}", "--", .. batch]));
            events += batch.Length;
        }

        Interlocked.Add(ref CasesRun, events);
        Assert.True(failures.Count == 0, $"{failures.Count} of {events} events differ:\n" + string.Join("\n----\n", failures.Take(8)));
    }
}
