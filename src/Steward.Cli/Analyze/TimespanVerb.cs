using Steward.Time;

namespace Steward.Cli.Analyze;

/// <summary><c>systemd-analyze timespan SPAN…</c>: the parsed value in μs and its normalized human form.</summary>
public static class TimespanVerb
{
    public static int Run(AnalyzeInvocation invocation)
    {
        var context = invocation.Context;
        for (int i = 0; i < invocation.Operands.Count; i++)
        {
            string operand = invocation.Operands[i];
            TimespanParseResult result = Timespan.TryParse(operand, Timespan.Second, out ulong usec);
            if (result != TimespanParseResult.Ok)
            {
                string reason = result == TimespanParseResult.OutOfRange ? "Numerical result out of range" : "Invalid argument";
                context.Stderr.WriteLine($"Failed to parse time span '{operand}': {reason}");
                return 1;
            }

            // systemd prints these lines through its table formatter, which drops trailing whitespace.
            context.Stdout.WriteLine($"Original: {operand.TrimEnd(' ', '\t', '\n', '\r')}");
            context.Stdout.WriteLine($"      \u03bcs: {usec}");
            context.Stdout.WriteLine($"   Human: {Timespan.Format(usec)}");
            if (i + 1 < invocation.Operands.Count)
            {
                context.Stdout.WriteLine();
            }
        }

        return 0;
    }
}
