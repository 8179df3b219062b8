using Steward.Cli.Hosting;
using Steward.Time;

namespace Steward.Cli.Analyze;

/// <summary><c>systemd-analyze timestamp TS…</c>: each timestamp normalized, in UTC, as UNIX seconds and relative to now.
/// Like systemd-analyze, an invalid operand is reported and the rest still run; the status is then 1.</summary>
public static class TimestampVerb
{
    public static int Run(AnalyzeInvocation invocation)
    {
        var context = invocation.Context;
        TimeZoneRules zone = TimeZoneRules.FromTz(context.Environment("TZ"));
        int status = 0;
        for (int i = 0; i < invocation.Operands.Count; i++)
        {
            string operand = invocation.Operands[i];
            if (i > 0)
            {
                context.Stdout.WriteLine();
            }

            TimestampParseResult result = Timestamp.TryParse(operand, Timestamp.Now(), zone, out ulong usec);
            if (result != TimestampParseResult.Ok)
            {
                string reason = result == TimestampParseResult.OutOfRange ? "Numerical result out of range" : "Invalid argument";
                context.Stderr.WriteLine($"Failed to parse \"{operand}\": {reason}");
                Hints(context, operand, zone, timestamp: false, calendar: true);

                status = 1;
                continue;
            }

            var rows = new List<(string Label, string Value)> { ("  Original form", operand), ("Normalized form", Timestamp.Format(usec, zone) ?? "-") };
            if (!zone.IsUtc)
            {
                rows.Add(("       (in UTC)", Timestamp.Format(usec, zone, utc: true) ?? "-"));
            }

            rows.Add(("   UNIX seconds", Timestamp.FormatUnix(usec)));
            rows.Add(("       From now", Timestamp.FormatRelative(usec, Timestamp.Now()) ?? "-"));
            int width = rows.Max(r => r.Value.Length);
            foreach (var (label, value) in rows)
            {
                context.Stdout.WriteLine($"{label}: {TableCell(value, width)}");
            }
        }

        return status;
    }

    /// <summary>systemd-analyze's hints after an operand that fails as one kind but parses as another.</summary>
    public static void Hints(ToolContext context, string operand, TimeZoneRules zone, bool timestamp, bool calendar)
    {
        if (timestamp && Timestamp.TryParse(operand, Timestamp.Now(), zone, out _) == TimestampParseResult.Ok)
        {
            context.Stderr.WriteLine($"Hint: this expression is a valid timestamp. Use 'systemd-analyze timestamp \"{operand}\"' instead?");
        }

        if (calendar && CalendarSpec.TryParse(operand, zone, out _) == TimestampParseResult.Ok)
        {
            context.Stderr.WriteLine($"Hint: this expression is a valid calendar specification. Use 'systemd-analyze calendar \"{operand}\"' instead?");
        }

        if (Timespan.TryParse(operand, Timespan.Second, out _) == TimespanParseResult.Ok)
        {
            context.Stderr.WriteLine($"Hint: this expression is a valid timespan. Use 'systemd-analyze timespan \"{operand}\"' instead?");
        }
    }

    /// <summary>systemd prints these blocks through its table formatter, which pads a cell to its column and
    /// then drops the line's trailing blanks: only a cell as wide as the widest keeps its own.</summary>
    public static string TableCell(string value, int width) => value.Length >= width ? value : value.TrimEnd(' ', '\t', '\n', '\r');

}
