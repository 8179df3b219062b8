using System.Globalization;
using Steward.Time;

namespace Steward.Cli.Analyze;

/// <summary><c>systemd-analyze calendar EXPR… [--iterations=N] [--base-time=TS]</c>: the normalized form and the next elapses.</summary>
public static class CalendarVerb
{
    public static int Run(AnalyzeInvocation invocation)
    {
        var context = invocation.Context;
        TimeZoneRules zone = TimeZoneRules.FromTz(context.Environment("TZ"));
        int iterations = 1;
        if (invocation.Last("iterations") is string it)
        {
            if (!int.TryParse(it, NumberStyles.None, CultureInfo.InvariantCulture, out iterations))
            {
                context.Stderr.WriteLine($"Failed to parse iterations: {it}");
                return 1;
            }
        }

        ulong baseTime = Timestamp.Now();
        if (invocation.Last("base-time") is string bt)
        {
            if (Timestamp.TryParse(bt, baseTime, zone, out baseTime) != TimestampParseResult.Ok)
            {
                context.Stderr.WriteLine($"Failed to parse --base-time= parameter: {bt}");
                return 1;
            }
        }

        int status = 0;
        for (int i = 0; i < invocation.Operands.Count; i++)
        {
            string operand = invocation.Operands[i];
            if (i > 0)
            {
                context.Stdout.WriteLine();
            }

            TimestampParseResult result = CalendarSpec.TryParse(operand, zone, out CalendarSpec? spec);
            if (result != TimestampParseResult.Ok || spec is null)
            {
                string reason = result == TimestampParseResult.OutOfRange ? "Numerical result out of range" : "Invalid argument";
                context.Stderr.WriteLine($"Failed to parse calendar specification '{operand}': {reason}");
                TimestampVerb.Hints(context, operand, zone, timestamp: true, calendar: false);
                status = 1;
                continue;
            }

            // systemd leaves out the original form when it is already the normalized one.
            string normalized = spec.ToString();
            var rows = new List<(string Label, string Value)>();
            if (normalized != operand)
            {
                rows.Add(("  Original form", operand));
            }

            rows.Add(("Normalized form", normalized));
            var schedule = new CalendarSchedule(spec, zone);
            ulong after = baseTime;
            CalendarSearchResult search = CalendarSearchResult.Found;
            for (int n = 1; n <= iterations; n++)
            {
                search = schedule.TryNext(after, out ulong elapse);
                if (search == CalendarSearchResult.Never && n == 1)
                {
                    rows.Add(("    Next elapse", "never"));
                }

                if (search != CalendarSearchResult.Found)
                {
                    break;
                }

                string label = n == 1 ? "    Next elapse" : $"       Iter. #{n.ToString(CultureInfo.InvariantCulture)}";
                rows.Add((label, Timestamp.Format(elapse, zone) ?? "-"));
                if (!zone.IsUtc)
                {
                    rows.Add(("       (in UTC)", Timestamp.Format(elapse, zone, utc: true) ?? "-"));
                }

                rows.Add(("       From now", Timestamp.FormatRelative(elapse, Timestamp.Now()) ?? "-"));
                after = elapse;
            }

            // A search that gives up prints nothing of its event's table (systemd prints the table at the end).
            if (search == CalendarSearchResult.InfiniteLoop)
            {
                // The search of an event with its own zone runs in a child process, whose log line systemd-analyze does not show.
                if (spec.TimeZone is null)
                {
                    context.Stderr.WriteLine($"Infinite loop in calendar calculation: {normalized}");
                }

                context.Stderr.WriteLine($"Failed to determine next elapse for '{operand}': Resource deadlock avoided");
                status = 1;
                continue;
            }

            int width = rows.Max(r => r.Value.Length);
            foreach (var (label, value) in rows)
            {
                context.Stdout.WriteLine($"{label}: {TimestampVerb.TableCell(value, width)}");
            }
        }

        return status;
    }
}
